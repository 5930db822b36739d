import { parse } from 'yaml';
import { globMatch } from '../argocd/index.ts';
import type { KubeObject } from '../core/manifest.ts';

/** What Argo CD leaves out of the diff of one object (`ignoreDifferences`). */
export interface IgnoreRules {
  /** JSON pointers not compared, with everything below them. */
  pointers: string[];
  /** Field managers whose fields are not compared (`managedFieldsManagers`). */
  managers: string[];
  /** jq path expressions, which this comparison does not follow. */
  jqPathExpressions: string[];
}

interface IgnoreEntry {
  group?: unknown;
  kind?: unknown;
  name?: unknown;
  namespace?: unknown;
  jsonPointers?: unknown;
  jqPathExpressions?: unknown;
  managedFieldsManagers?: unknown;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function add(rules: IgnoreRules, entry: IgnoreEntry): void {
  rules.pointers.push(...strings(entry.jsonPointers));
  rules.managers.push(...strings(entry.managedFieldsManagers));
  rules.jqPathExpressions.push(...strings(entry.jqPathExpressions));
}

/**
 * The ignoreDifferences that apply to one object, as Argo CD's diff takes them: the Application's
 * `spec.ignoreDifferences` entries whose group and kind match (patterns allowed; `""` is the core
 * group) and whose name and namespace, when given, are the object's; and argocd-cm's
 * `resource.customizations.ignoreDifferences.<group>_<kind>` and `.all` (docs/user-guide/diffing.md).
 */
export function ignoreRulesFor(application: KubeObject, argocdCm: KubeObject | undefined, object: { group: string; kind: string; namespace: string; name: string }): IgnoreRules {
  const rules: IgnoreRules = { pointers: [], managers: [], jqPathExpressions: [] };
  const entries = (application['spec'] as { ignoreDifferences?: unknown } | undefined)?.ignoreDifferences;
  for (const entry of Array.isArray(entries) ? (entries as IgnoreEntry[]) : []) {
    const group = typeof entry.group === 'string' ? entry.group : '';
    const kind = typeof entry.kind === 'string' ? entry.kind : '';
    if (!(group === object.group || globMatch(group, object.group)) || !(kind === object.kind || globMatch(kind, object.kind))) continue;
    if (typeof entry.name === 'string' && entry.name !== '' && entry.name !== object.name) continue;
    if (typeof entry.namespace === 'string' && entry.namespace !== '' && entry.namespace !== object.namespace) continue;
    add(rules, entry);
  }
  const data = (argocdCm?.['data'] ?? {}) as Record<string, unknown>;
  const groupKind = object.group === '' ? object.kind : `${object.group}_${object.kind}`;
  for (const key of ['resource.customizations.ignoreDifferences.all', `resource.customizations.ignoreDifferences.${groupKind}`]) {
    const text = data[key];
    if (typeof text !== 'string') continue;
    try {
      const parsed: unknown = parse(text);
      if (parsed !== null && typeof parsed === 'object') add(rules, parsed);
    } catch {
      // A value Argo CD cannot read either: it ignores nothing by it.
    }
  }
  return rules;
}
