import type { KubeObject } from '../../core/manifest.ts';
import type { Rule } from '../types.ts';
import { asRecord } from '../values.ts';

type MessageId = 'selectsNothing';

const selectorFields = ['group', 'version', 'kind', 'name', 'namespace'] as const;

/** A selector field as kustomize reads it: a regular expression anchored at both ends (types.SelectorRegex). */
function fieldMatches(pattern: unknown, value: string): boolean {
  if (typeof pattern !== 'string' || pattern === '') return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return pattern === value;
  }
}

/** A label selector string (`app=web,tier!=db,env in (dev,prod),!legacy`) against labels. */
function labelSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (typeof selector !== 'string' || selector.trim() === '') return true;
  const values = labels ?? {};
  const requirements = selector.match(/([^,(]+(\([^)]*\))?)/g) ?? [];
  return requirements.every((raw) => {
    const requirement = raw.trim();
    const set = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(requirement);
    if (set !== null) {
      const options = set[3]!.split(',').map((option) => option.trim());
      const present = Object.hasOwn(values, set[1]!) && options.includes(values[set[1]!]!);
      return set[2] === 'in' ? present : !present;
    }
    const inequality = /^([^!=\s]+)\s*!=\s*(\S*)$/.exec(requirement);
    if (inequality !== null) return values[inequality[1]!] !== inequality[2];
    const equality = /^([^!=\s]+)\s*==?\s*(\S*)$/.exec(requirement);
    if (equality !== null) return values[equality[1]!] === equality[2];
    if (requirement.startsWith('!')) return !Object.hasOwn(values, requirement.slice(1));
    return Object.hasOwn(values, requirement);
  });
}

function groupVersion(object: KubeObject): { group: string; version: string } {
  const [first = '', second] = object.apiVersion.split('/');
  return second === undefined ? { group: '', version: first } : { group: first, version: second };
}

/**
 * Whether a patch target selects an object of the kustomization's output. kustomize matches
 * targets before this kustomization's namePrefix, nameSuffix and namespace apply: the name is
 * tried as rendered and without them, and the namespace is not compared when the kustomization
 * sets one (the object's earlier namespace is not in the output).
 */
function selects(target: Record<string, unknown>, object: KubeObject, kustomization: Record<string, unknown>): boolean {
  const { group, version } = groupVersion(object);
  const name = object.metadata.name ?? '';
  const prefix = typeof kustomization['namePrefix'] === 'string' ? kustomization['namePrefix'] : '';
  const suffix = typeof kustomization['nameSuffix'] === 'string' ? kustomization['nameSuffix'] : '';
  const bare = name.startsWith(prefix) && name.endsWith(suffix) ? name.slice(prefix.length, name.length - suffix.length) : name;
  const fields: Record<(typeof selectorFields)[number], string[]> = {
    group: [group],
    version: [version],
    kind: [object.kind],
    name: [name, bare],
    namespace: typeof kustomization['namespace'] === 'string' ? [] : [object.metadata.namespace ?? ''],
  };
  return (
    selectorFields.every((field) => field === 'namespace' && fields.namespace.length === 0 ? true : fields[field].some((value) => fieldMatches(target[field], value))) &&
    labelSelectorMatches(target['labelSelector'], object.metadata.labels) &&
    labelSelectorMatches(target['annotationSelector'], object.metadata.annotations)
  );
}

function describeTarget(target: Record<string, unknown>): string {
  return [...selectorFields, 'labelSelector', 'annotationSelector']
    .filter((field) => typeof target[field] === 'string' && target[field] !== '')
    .map((field) => `${field}=${String(target[field])}`)
    .join(', ');
}

export const kustomizePatchTarget: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'kustomize-patch-target',
    kinds: [
      { kind: 'Kustomization', group: 'kustomize.config.k8s.io' },
      { kind: 'Component', group: 'kustomize.config.k8s.io' },
    ],
    crossObject: true,
    description: "Every `patches` entry with a `target` selects at least one object of the kustomization's output.",
    docs: {
      why: "A patch whose `target` matches nothing is silently skipped by kustomize: a typo in the name of the staging Ingress patch's target, and staging serves the production hostname while every check passes. The rule matches each `target` (group, version, kind, name and namespace as anchored regular expressions, `labelSelector`, `annotationSelector`, as kustomize does) against the objects the kustomization renders, and reports the target that selects none. Names are tried with and without the kustomization's own `namePrefix`/`nameSuffix` (kustomize matches before it renames); the namespace is not compared when the kustomization sets `namespace`. Only the kustomization of a render target is checked (a base's output is known only through the targets that include it).",
    },
    messages: {
      selectsNothing: 'This patch target ({{selector}}) selects no object this kustomization renders: kustomize skips the patch without a word.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    const kustomization = context.object as Record<string, unknown>;
    const rendered = context.index.rendered(context.manifest.target);
    if (rendered === undefined || context.object.metadata.name !== context.manifest.target) return;
    const patches = Array.isArray(kustomization['patches']) ? kustomization['patches'] : [];
    patches.forEach((patch, index) => {
      const target = asRecord(asRecord(patch)?.['target']);
      if (target === undefined) return;
      if (rendered.some((manifest) => selects(target, manifest.object, kustomization))) return;
      context.report({ at: `/patches/${String(index)}/target`, messageId: 'selectsNothing', data: { selector: describeTarget(target) } });
    });
  },
};
