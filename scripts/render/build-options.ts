/**
 * `render.kustomizeBuildOptions`, accepted by allow-list. The options are read the way kustomize's
 * flag parser (cobra/pflag) reads them, so a spelling cannot mean one thing here and another to
 * kustomize: `kubectl kustomize` normalises `_` in a flag name to `-` (Kubernetes'
 * WordSepNormalizeFunc), `--name=value` and `--name value` are the same for a string flag, a
 * boolean flag takes its value only after `=` (`--flag false` makes `false` a second path), and
 * a single dash is a shorthand cluster (`-enable-helm` is `-e nable-helm`, the functions' env flag).
 */

interface AllowedFlag {
  /** Values kustomize may get; undefined for a boolean flag, which takes any boolean. */
  values?: readonly string[];
}

/**
 * Flags that change only how kustomize lays out what it already built, or that keep its
 * default: none of them runs a program, opens a file or reaches the network.
 */
const allowedFlags: ReadonlyMap<string, AllowedFlag> = new Map([
  // Only the default: `LoadRestrictionsNone` lets a kustomization read files outside its root.
  ['load-restrictor', { values: ['LoadRestrictionsRootOnly'] }],
  // Adds `app.kubernetes.io/managed-by: kustomize-<version>` to every object (deprecated, harmless).
  ['enable-managedby-label', {}],
  // Output order: `legacy` sorts by kind, `none` keeps input order (deprecated, harmless).
  ['reorder', { values: ['legacy', 'none'] }],
]);

/** strconv.ParseBool, which pflag uses for boolean flags. */
const booleanSpellings = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

export interface BuildOptionsCheck {
  /** The options as kustomize gets them, one `--name[=value]` argument per flag. */
  arguments: string[];
  /** One sentence per refused option, naming it; empty when every option is allowed. */
  problems: { index: number; message: string }[];
}

/**
 * Reads the configured options. Each entry may hold several whitespace-separated arguments, as
 * Argo CD's `kustomize.buildOptions` string does; `index` in a problem is the entry's.
 */
export function checkBuildOptions(entries: readonly string[]): BuildOptionsCheck {
  const tokens = entries.flatMap((entry, index) =>
    entry
      .split(/\s+/)
      .filter((token) => token !== '')
      .map((text) => ({ text, index })),
  );
  const result: BuildOptionsCheck = { arguments: [], problems: [] };
  const seen = new Set<string>();
  const allowedList = `allowed: ${describeAllowed()}`;
  for (let position = 0; position < tokens.length; position++) {
    const { text, index } = tokens[position] as { text: string; index: number };
    const refuse = (why: string) => result.problems.push({ index, message: `build option "${text}" is not allowed: ${why}; ${allowedList}` });
    if (!text.startsWith('--') || text === '--' || text.startsWith('---') || text.startsWith('--=')) {
      refuse(text.startsWith('-') ? 'only long --name options are accepted' : 'kustomize would read it as a second path');
      continue;
    }
    const equals = text.indexOf('=');
    const name = (equals < 0 ? text.slice(2) : text.slice(2, equals)).replaceAll('_', '-');
    const flag = allowedFlags.get(name);
    if (flag === undefined) {
      refuse('it is not on the list of options known to be harmless');
      continue;
    }
    if (seen.has(name)) {
      refuse(`--${name} is given more than once`);
      continue;
    }
    seen.add(name);
    let value: string;
    if (equals >= 0) value = text.slice(equals + 1);
    else if (flag.values === undefined) value = 'true';
    else {
      const next = tokens[position + 1];
      if (next === undefined) {
        refuse(`--${name} needs a value`);
        continue;
      }
      value = next.text;
      position++;
    }
    const valid = flag.values === undefined ? booleanSpellings.has(value) : flag.values.includes(value);
    if (!valid) {
      refuse(`--${name} accepts ${flag.values === undefined ? 'true or false' : flag.values.join(' or ')}, not "${value}"`);
      continue;
    }
    result.arguments.push(`--${name}=${value}`);
  }
  return result;
}

function describeAllowed(): string {
  return [...allowedFlags]
    .map(([name, flag]) => (flag.values === undefined ? `--${name}[=true|false]` : `--${name} ${flag.values.join('|')}`))
    .join(', ');
}
