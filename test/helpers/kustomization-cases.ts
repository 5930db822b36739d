/**
 * Generated kustomization files for the differential test of the kustomization reader against
 * kustomize: each names local resources (r0.yaml …, one ConfigMap each) in one of many YAML
 * spellings, and some carry a mutation under which a parser that disagreed with go-yaml would
 * include a decoy (d0.yaml …) or miss a resource. Deterministic for a seed.
 */
export interface GeneratedCase {
  /** The case's directory name and the prefix of its ConfigMap names. */
  id: string;
  fileName: 'kustomization.yaml' | 'kustomization.yml' | 'Kustomization';
  content: Buffer;
  /** What was done, for a failure message. */
  features: string[];
}

export const resourceCount = 5;
export const decoyCount = 3;

/** The ConfigMap a case's resource or decoy file holds. */
export function configMapFile(id: string, file: string): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${id}-${file.replace(/\.yaml$/, '')}\n`;
}

/** mulberry32: small, fast and deterministic. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCases(count: number, seed: number): GeneratedCase[] {
  const random = randomSource(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (p: number) => random() < p;
  const cases: GeneratedCase[] = [];
  for (let index = 0; index < count; index++) {
    const id = `c${String(index).padStart(4, '0')}`;
    cases.push(generateCase(id, pick, chance, random));
  }
  return cases;
}

type Pick = <T>(items: readonly T[]) => T;
type Chance = (p: number) => boolean;

const breaks = { NEL: '\u0085', LS: '\u2028', PS: '\u2029', CR: '\r' } as const;

function generateCase(id: string, pick: Pick, chance: Chance, random: () => number): GeneratedCase {
  const features: string[] = [];
  const fileName = pick(['kustomization.yaml', 'kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const);
  const all = Array.from({ length: resourceCount }, (_, i) => `r${i}.yaml`);
  const chosen = all.filter(() => chance(0.6));
  if (chosen.length === 0) chosen.push(pick(all));
  const decoy = `d${Math.floor(random() * decoyCount)}.yaml`;

  if (chance(0.35)) {
    features.push('repo-like');
    return { id, fileName, content: Buffer.from(repoLikeCase(id, chosen, decoy, pick, chance, features)), features };
  }
  if (chance(0.12)) {
    features.push('json');
    return { id, fileName, content: Buffer.from(jsonCase(chosen, decoy, pick, chance, features)), features };
  }

  const entry = (name: string): string => {
    const style = pick(['plain', 'plain', 'dot', 'single', 'double', 'double-escape', 'double-slash', 'comment', 'tab-comment', 'block', 'multiline']);
    features.push(`item:${style}`);
    switch (style) {
      case 'dot': return `./${name}`;
      case 'single': return `'${name}'`;
      case 'double': return `"${name}"`;
      case 'double-escape': return `"${pick([`\\x${name.charCodeAt(0).toString(16)}${name.slice(1)}`, `\\u00${name.charCodeAt(0).toString(16)}${name.slice(1)}`, name.replace('.', '\\x2e')])}"`;
      case 'double-slash': return `".\\/${name}"`;
      case 'comment': return `${name} # ${decoy}`;
      case 'tab-comment': return `${name}\t# ${decoy}`;
      case 'block': return `|-\n    ${name}`;
      case 'multiline': return `${name.slice(0, 2)}\n    ${name.slice(2)}`;
      default: return name;
    }
  };

  const seqStyle = pick(['block2', 'block2', 'block0', 'flow', 'flow-multiline', 'flow-trailing-comma']);
  features.push(`seq:${seqStyle}`);
  const list = (names: readonly string[], key: string): string => {
    const keyText = keySpelling(key, pick, chance, features);
    switch (seqStyle) {
      case 'block0': return `${keyText}:\n${names.map((n) => `- ${entry(n).replace(/\n {4}/g, '\n  ')}`).join('\n')}\n`;
      case 'flow': return `${keyText}: [${names.map((n) => flowEntry(n, pick)).join(', ')}]\n`;
      case 'flow-multiline': return `${keyText}: [\n  ${names.map((n) => flowEntry(n, pick)).join(',\n  ')}\n]\n`;
      case 'flow-trailing-comma': return `${keyText}: [${names.map((n) => flowEntry(n, pick)).join(', ')},]\n`;
      default: return `${keyText}:\n${names.map((n) => `  - ${entry(n)}`).join('\n')}\n`;
    }
  };

  const head = chance(0.7) ? 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n' : '';
  const useBases = chance(0.15) && chosen.length > 1;
  let body = useBases ? list(chosen.slice(0, 1), 'resources') + list(chosen.slice(1), 'bases') : list(chosen, 'resources');
  if (useBases) features.push('bases');
  if (chance(0.2)) body = `# Resources of ${id}: - ${decoy}\n${body}`;
  if (chance(0.15)) body += `namespace: ${pick(['default', '"default"', "'default'"])}\n`;
  let text = `${head}${chance(0.2) ? '\n' : ''}${body}`;

  const mutation = chance(0.55) ? pick(mutations) : undefined;
  if (mutation !== undefined) {
    features.push(`mutation:${mutation}`);
    text = mutate(text, mutation, decoy, pick);
  }
  if (chance(0.1)) {
    features.push('crlf');
    text = text.replace(/\r?\n/g, '\r\n');
  }
  let content = Buffer.from(text, 'utf8');
  if (chance(0.08)) {
    features.push('bom');
    content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), content]);
  }
  if (mutation === 'invalid-utf8') content = Buffer.concat([content, Buffer.from('# \xff\n', 'latin1')]);
  return { id, fileName, content, features };
}

/**
 * Written as this repository's kustomizations are (the block subset the fast reader takes): block
 * lists, comments, images, and inline patches whose block scalars hold text that names a decoy.
 */
function repoLikeCase(id: string, chosen: readonly string[], decoy: string, pick: Pick, chance: Chance, features: string[]): string {
  const item = (name: string) => pick([name, `./${name}`, `'${name}'`, `"${name}"`, `${name} # not ${decoy}`]);
  const indent = pick(['  ', '    ']);
  const lines = ['# A generated kustomization.', 'apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', ''];
  if (chance(0.3)) lines.push(`namespace: ${pick(['default', '"default"'])}`, '');
  lines.push('resources:', ...chosen.map((name) => `${indent}- ${item(name)}`));
  if (chance(0.3)) lines.push(`${indent}# - ${decoy}`);
  if (chance(0.4)) lines.push('', 'images:', `${indent}- name: nginx`, `${indent}  newTag: "1.27"`);
  if (chance(0.6)) {
    const scalar = pick(['|-', '|', '|+']);
    features.push(`patch:${scalar}`);
    // Deeper than the `patch` key, as a block scalar's content must be.
    const body = `${indent}${pick(['    ', '      '])}`;
    lines.push(
      '',
      'patches:',
      `${indent}- patch: ${scalar}`,
      ...[
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: ${id}-${(chosen[0] ?? '').replace(/\.yaml$/, '')}`,
        'data:',
        '  note: |',
        '    resources:',
        `    - ${decoy}`,
      ].map((line) => `${body}${line}`),
    );
    if (chance(0.3)) lines.push(pick(['', `${body}`, `#${decoy}`, `${indent}  # - ${decoy}`]));
  }
  if (chance(0.3)) lines.push('', 'labels:', `${indent}- pairs:`, `${indent}    app: x`, `${indent}  includeSelectors: false`);
  let text = `${lines.join('\n')}\n`;
  if (chance(0.25)) {
    const mutation = pick(['dedent-block', 'over-indent-key', 'blank-with-spaces', 'same-indent-list', 'nested-same-indent-list', 'duplicate-nested', 'continuation', 'comment-no-space', 'colon-in-plain', 'key-no-space']);
    features.push(`repo-mutation:${mutation}`);
    text = mutateRepoLike(text, mutation, decoy);
  }
  return text;
}

function mutateRepoLike(text: string, mutation: string, decoy: string): string {
  switch (mutation) {
    case 'dedent-block': return text.replace(/^( +)data:$/m, (_, spaces: string) => `${' '.repeat(spaces.length - 3)}data:`);
    case 'over-indent-key': return text.replace(/^kind: Kustomization$/m, ' kind: Kustomization');
    case 'blank-with-spaces': return text.replace(/(patch: [|>][-+]?\n)/, '$1              \n');
    case 'same-indent-list': return text.replace(/^ +- /gm, '- ');
    case 'nested-same-indent-list': return text.replace(/^labels:\n( +)- pairs:/m, 'labels:\n- pairs:');
    case 'duplicate-nested': return text.replace(/^( +)newTag: "1.27"$/m, '$1newTag: "1.27"\n$1newTag: "1.28"');
    case 'continuation': return text.replace(/^( +- )(\S+\.yaml)$/m, `$1$2\n$1  ${decoy}`.replace('- ', '  '));
    case 'comment-no-space': return text.replace(/^( +- \S+\.yaml)$/m, `$1#${decoy}`);
    case 'colon-in-plain': return text.replace(/^( +- )(\S+\.yaml)$/m, '$1$2:x');
    default: return text.replace(/^resources:$/m, 'resources:[]');
  }
}

function flowEntry(name: string, pick: Pick): string {
  return pick([name, `'${name}'`, `"${name}"`, `./${name}`]);
}

function keySpelling(key: string, pick: Pick, chance: Chance, features: string[]): string {
  if (!chance(0.15)) return key;
  const spelling = pick([`"${key}"`, `'${key}'`, `${key} `]);
  features.push(`key:${JSON.stringify(spelling)}`);
  return spelling;
}

const mutations = [
  'duplicate-key', 'duplicate-key-flow', 'case-variant-key', 'long-s-key', 'anchor-alias', 'merge-key', 'tag-seq',
  'tag-str', 'second-document', 'document-markers', 'yaml-directive', 'tag-directive', 'break-NEL', 'break-LS',
  'break-PS', 'break-CR', 'break-in-value', 'nul-comment', 'mid-bom', 'invalid-utf8', 'tab-indent', 'tab-after-dash',
  'tab-in-comment', 'explicit-key', 'null-item', 'yes-item', 'unknown-field', 'empty-lines', 'comment-lines',
  'remote-https', 'remote-upper', 'remote-scp', 'flow-map-document', 'trailing-spaces', 'indent-4',
] as const;
type Mutation = (typeof mutations)[number];

function mutate(text: string, mutation: Mutation, decoy: string, pick: Pick): string {
  switch (mutation) {
    case 'duplicate-key': return `${text}resources:\n  - ${decoy}\n`;
    case 'duplicate-key-flow': return `${text}resources: [${decoy}]\n`;
    case 'case-variant-key': return `${text}${pick(['Resources', 'RESOURCES', 'resourceS'])}: [${decoy}]\n`;
    case 'long-s-key': return `${text}re\u017Fources: [${decoy}]\n`;
    case 'anchor-alias': return `namespace: &name default\n${text.replace(/^kind: Kustomization$/m, 'kind: *name')}`;
    case 'merge-key': return `<<: {resources: [${decoy}]}\n${text}`;
    case 'tag-seq': return text.replace(/^resources:/m, 'resources: !!seq');
    case 'tag-str': return text.replace(/^(\s*- )/m, '$1!!str ');
    case 'second-document': return `${text}---\nresources: [${decoy}]\n`;
    case 'document-markers': return `---\n${text}...\n`;
    case 'yaml-directive': return `%YAML 1.1\n---\n${text}`;
    case 'tag-directive': return `%TAG !e! tag:example.com,2000:\n---\n${text}`;
    case 'break-NEL': return `${text}# note\u0085resources: [${decoy}]\n`;
    case 'break-LS': return `${text}# note\u2028resources: [${decoy}]\n`;
    case 'break-PS': return `${text}# note\u2029resources: [${decoy}]\n`;
    case 'break-CR': return `${text}# note\rresources: [${decoy}]\n`;
    case 'break-in-value': return text.replace(/^(\s*- )(\S+)$/m, `$1$2${pick(Object.values(breaks))}`);
    case 'nul-comment': return `${text}# a\u0000b\n`;
    case 'mid-bom': return `${text}# \uFEFF\n`;
    case 'invalid-utf8': return text;
    case 'tab-indent': return text.replace(/^ {2}- /m, '\t- ');
    case 'tab-after-dash': return text.replace(/^(\s*)- /m, '$1-\t');
    case 'tab-in-comment': return `${text}#\tcomment\n`;
    case 'explicit-key': return text.replace(/^resources:/m, '? resources\n:');
    case 'null-item': return text.replace(/^(\s*)- (.*)$/m, '$1- $2\n$1-');
    case 'yes-item': return text.replace(/^(\s*)- (.*)$/m, '$1- $2\n$1- yes');
    case 'unknown-field': return `${text}resource: [${decoy}]\n`;
    case 'empty-lines': return text.replace(/\n/g, '\n\n');
    case 'comment-lines': return text.replace(/\n/g, `\n# - ${decoy}\n`);
    case 'remote-https': return `${text}components: [https://example.com/org/repo//kdir?ref=v1]\n`;
    case 'remote-upper': return `${text}crds: [HTTPS://example.com/crd.yaml]\n`;
    case 'remote-scp': return `${text}components: ["deploy@example.com:org/repo.git//path?ref=v1"]\n`;
    case 'flow-map-document': {
      const lines = text.split('\n').filter((line) => /^[a-z]+: \S/.test(line));
      return lines.some((line) => line.startsWith('resources:')) ? `{${lines.join(', ')}}\n` : text;
    }
    case 'trailing-spaces': return text.replace(/\n/g, '   \n');
    case 'indent-4': return text.replace(/^ {2}- /gm, '    - ');
  }
}

function jsonCase(chosen: readonly string[], decoy: string, pick: Pick, chance: Chance, features: string[]): string {
  const escape = (name: string) => pick([name, name.replace('.', '\\u002e'), `.\\/${name}`, name.replace('r', '\\u0072')]);
  const resources = `[${chosen.map((n) => `"${escape(n)}"`).join(', ')}]`;
  const members = ['"apiVersion": "kustomize.config.k8s.io/v1beta1"', '"kind": "Kustomization"', `"resources": ${resources}`];
  if (chance(0.3)) {
    features.push('json-duplicate');
    members.push(`"resources": ["${decoy}"]`);
  } else if (chance(0.15)) {
    features.push('json-case-variant');
    members.push(`"Resources": ["${decoy}"]`);
  }
  return chance(0.5) ? `{${members.join(',')}}` : `{\n  ${members.join(',\n  ')}\n}\n`;
}
