import { globMatch } from './glob.ts';
import type { KubeObject } from '../core/manifest.ts';
import { groupOf, scopeOf, type CustomScopes } from './scope.ts';

export interface Refusal {
  /** What is refused: `source`, `destination`, `project` or `kind`. */
  readonly what: 'project' | 'source' | 'destination' | 'kind';
  readonly reason: string;
  readonly object?: KubeObject;
}

interface ResourceEntry { group?: unknown; kind?: unknown; name?: unknown }

function list(value: unknown): ResourceEntry[] | undefined {
  return Array.isArray(value) ? (value.filter((entry) => entry !== null && typeof entry === 'object') as ResourceEntry[]) : undefined;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function spec(object: KubeObject | undefined): Record<string, unknown> {
  const value = object?.['spec'];
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** A pattern list with `!` negations: permitted when some positive pattern matches and no negation does. */
function matchesWithNegation(patterns: readonly string[], value: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), value)) return false;
    } else if (globMatch(pattern, value)) matched = true;
  }
  return matched;
}

function inList(entries: readonly ResourceEntry[], group: string, kind: string, name: string | undefined): boolean {
  return entries.some((entry) => {
    if (!globMatch(str(entry.group), group) || !globMatch(str(entry.kind), kind)) return false;
    const pattern = str(entry.name);
    return pattern === '' || name === undefined || globMatch(pattern, name);
  });
}

/**
 * What the AppProject refuses of the Application and its rendered objects. An empty
 * namespaceResourceWhitelist is read as absent (the API server drops the empty list), which
 * permits every namespaced kind; an empty clusterResourceWhitelist permits no cluster kind.
 * `name` in an entry scopes cluster-scoped kinds (Argo CD 3.3+).
 */
export function projectDecision(
  project: KubeObject | undefined,
  application: KubeObject,
  objects: readonly KubeObject[],
  customScopes: CustomScopes = new Map(),
): Refusal[] {
  const appSpec = spec(application);
  const projectName = str(appSpec['project']) || 'default';
  if (project === undefined) return [{ what: 'project', reason: `AppProject "${projectName}" does not exist` }];
  const p = spec(project);
  const refusals: Refusal[] = [];
  const repos = (Array.isArray(p['sourceRepos']) ? p['sourceRepos'] : []).map(str);
  const sources = Array.isArray(appSpec['sources']) ? appSpec['sources'] : appSpec['source'] === undefined ? [] : [appSpec['source']];
  for (const source of sources) {
    const repoURL = normalizeGitURL(str((source as Record<string, unknown>)?.['repoURL']));
    if (!matchesWithNegation(repos.map(normalizeGitURL), repoURL)) {
      refusals.push({ what: 'source', reason: `repository "${repoURL}" is not in sourceRepos of AppProject "${projectName}"` });
    }
  }
  const destination = (appSpec['destination'] ?? {}) as Record<string, unknown>;
  const server = str(destination['server']);
  const destName = str(destination['name']);
  const namespace = str(destination['namespace']);
  const destinations = list(p['destinations']) ?? [];
  const destinationPermitted = (ns: string): boolean => {
    let permitted = false;
    for (const entry of destinations as Record<string, unknown>[]) {
      const pServer = str(entry['server']);
      const pName = str(entry['name']);
      const pNs = str(entry['namespace']);
      const serverMatch = server !== '' ? (pServer !== '' && globMatch(pServer.replace(/^!/, ''), server)) : pName !== '' && globMatch(pName.replace(/^!/, ''), destName);
      const nsMatch = globMatch(pNs.replace(/^!/, ''), ns);
      const negated = pServer.startsWith('!') || pName.startsWith('!') || pNs.startsWith('!');
      if (negated) {
        if (serverMatch && nsMatch) return false;
      } else if (serverMatch && nsMatch) permitted = true;
    }
    return permitted;
  };
  if (!destinationPermitted(namespace)) {
    refusals.push({ what: 'destination', reason: `destination ${server || destName} namespace "${namespace}" is not permitted by AppProject "${projectName}"` });
  }
  const namespaceWhitelist = list(p['namespaceResourceWhitelist']);
  const namespaceBlacklist = list(p['namespaceResourceBlacklist']) ?? [];
  const clusterWhitelist = list(p['clusterResourceWhitelist']) ?? [];
  const clusterBlacklist = list(p['clusterResourceBlacklist']) ?? [];
  for (const object of objects) {
    const group = groupOf(object.apiVersion);
    const name = object.metadata.name;
    const scope = scopeOf(group, object.kind, customScopes);
    const label = `${object.kind}${group === '' ? '' : `.${group}`} "${name ?? ''}"`;
    if (scope === 'Cluster') {
      const permitted = inList(clusterWhitelist, group, object.kind, name) && !inList(clusterBlacklist, group, object.kind, name);
      if (!permitted) refusals.push({ what: 'kind', object, reason: `cluster-scoped ${label} is not permitted by AppProject "${projectName}"` });
    } else {
      const white = namespaceWhitelist === undefined || namespaceWhitelist.length === 0 || inList(namespaceWhitelist, group, object.kind, undefined);
      const permitted = white && !inList(namespaceBlacklist, group, object.kind, undefined);
      if (!permitted) refusals.push({ what: 'kind', object, reason: `${label} is not permitted by AppProject "${projectName}"` });
      const ns = object.metadata.namespace ?? namespace;
      if (ns !== namespace && !destinationPermitted(ns)) {
        refusals.push({ what: 'destination', object, reason: `${label} in namespace "${ns}" is not a permitted destination of AppProject "${projectName}"` });
      }
    }
  }
  return refusals;
}

/** Lower-cases and drops a trailing `.git` and `/`, as Argo CD compares repository URLs. */
export function normalizeGitURL(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '');
}
