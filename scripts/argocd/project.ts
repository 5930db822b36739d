/**
 * What an AppProject refuses of an Application and of the objects it renders, decided as Argo CD
 * v3.x decides it (read from argoproj/argo-cd at v3.5.x; the version-dependent part is `name` on
 * cluster resource entries, see below).
 *
 * Two moments refuse, and either way nothing of the Application is applied:
 *
 * 1. The Application itself (controller/appcontroller.go `refreshAppConditions`): a missing
 *    AppProject (`getAppProj` → `projectErrorToCondition`: "Application referencing project X which
 *    does not exist"), an Application namespace the project's `sourceNamespaces` do not permit
 *    (`AppProject.IsAppNamespacePermitted`), then util/argo/argo.go `ValidatePermissions`: an
 *    incomplete source, a repoURL `AppProject.IsSourcePermitted` refuses, a destination that names
 *    both server and name or no known cluster (`GetDestinationCluster`), or that
 *    `AppProject.IsDestinationPermitted` refuses. Any of these is an InvalidSpecError condition;
 *    `processAppRefreshQueueItem` then sets sync and health to Unknown and never compares or syncs.
 * 2. The sync operation (controller/sync.go `SyncAppState` installs `validateSyncPermissions` as
 *    gitops-engine's permission validator). gitops-engine/pkg/sync/sync_context.go `getSyncTasks`
 *    runs it on every task (every rendered object and hook, plus the Namespace that
 *    `CreateNamespace=true` adds through `autoCreateNamespace`): `IsGroupKindNamePermitted` with the
 *    scope the cluster's discovery reports, then for namespaced objects `IsDestinationPermitted`
 *    with the object's namespace (an empty one was set to the destination namespace just before).
 *    A refused task is marked SyncFailed ("resource group:Kind is not permitted in project P" /
 *    "namespace N is not permitted in project 'P'") and `getSyncTasks` returns not ok, so
 *    `syncContext.Sync` ends the operation as Failed ("one or more synchronization tasks are not
 *    valid: ...") before any wave is applied: ONE refused kind fails the WHOLE sync, the image
 *    bump next to it included. Automated sync retries per `syncPolicy.retry` and then waits for
 *    the next commit.
 *
 * Not modelled: global projects (`globalProjects` in argocd-cm merge other projects' lists into
 * this one, util/argo/argo.go `GetAppVirtualProject`), resource exclusions/inclusions of argocd-cm,
 * `destinationServiceAccounts` (read only when `application.sync.impersonation.enabled`; without a
 * match the sync errors only when impersonation is also enforced), and the first sync of a custom
 * resource whose CRD comes in the same sync (discovery does not know it yet, so gitops-engine
 * skips its permission check; the next sync checks it, which is what the model predicts).
 */
import { isIPv6 } from 'node:net';
import { filepathMatch, matchStringInListRegexp, projectGlobMatch } from './glob.ts';
import type { KubeObject } from '../core/manifest.ts';
import { groupOf, scopeOf, type CustomScopes } from './scope.ts';
import { record } from './values.ts';

export interface Refusal {
  /** What is refused: `source`, `destination`, `project` or `kind`. */
  readonly what: 'project' | 'source' | 'destination' | 'kind';
  readonly reason: string;
  readonly object?: KubeObject;
  /** JSON pointer into the Application of the refused field (`/spec/sources/1/repoURL`), when one field is refused. */
  readonly field?: string;
  /**
   * True when the refusal happens in the sync operation (a rendered object, or the namespace
   * CreateNamespace=true adds): the whole sync fails before anything is applied. Absent when the
   * Application itself is refused (an InvalidSpecError condition: it is never compared or synced).
   */
  readonly atSync?: true;
}

/** An Argo CD cluster as `GetDestinationCluster` finds it (a cluster secret, or the built-in in-cluster). */
export interface ArgoCluster {
  readonly server: string;
  readonly name: string;
  /** `project` of the cluster secret: a project-scoped cluster (`permitOnlyProjectScopedClusters`). */
  readonly project?: string;
}

export interface ProjectOptions {
  /** The Argo CD version of the cluster profile (`v3.5.1`): `name` on cluster resource entries needs 3.3. Default: newest. */
  readonly argocdVersion?: string;
  /** The clusters Argo CD knows. Default: the in-cluster one (https://kubernetes.default.svc, `in-cluster`). */
  readonly clusters?: readonly ArgoCluster[];
  /** The namespace Argo CD runs in: Applications there need no `sourceNamespaces`. Default `argocd`. */
  readonly controllerNamespace?: string;
}

export const inCluster: ArgoCluster = { server: 'https://kubernetes.default.svc', name: 'in-cluster' };

/**
 * The `default` AppProject as argocd-server creates it when it is missing (server/server.go
 * `initializeDefaultProject`): every repository, every destination, every kind.
 */
export const builtInDefaultProject: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name: 'default', namespace: 'argocd' },
  spec: {
    sourceRepos: ['*'],
    destinations: [{ server: '*', namespace: '*' }],
    clusterResourceWhitelist: [{ group: '*', kind: '*' }],
  },
};

interface ResourceEntry { group?: unknown; kind?: unknown; name?: unknown }

/** A list field as the typed Go struct reads it: undefined when absent or null (nil slice), else the entries. */
function list(value: unknown): ResourceEntry[] | undefined {
  return Array.isArray(value) ? value.map((entry) => record(entry) as ResourceEntry) : undefined;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str) : [];
}

function spec(object: KubeObject | undefined): Record<string, unknown> {
  return record(object?.['spec']);
}

// ---------------------------------------------------------------------------------------------
// Repository URLs: util/git NormalizeGitURL, with Go's net/url Parse and URL.String
// ---------------------------------------------------------------------------------------------

type GoEncoding = 'path' | 'host' | 'zone' | 'userPassword' | 'fragment';

const hexDigits = '0123456789ABCDEF';

/** net/url shouldEscape, on one byte. */
function shouldEscape(c: number, mode: GoEncoding): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return false;
  const ch = String.fromCharCode(c);
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    if (mode === 'path') return ch === '?';
    if (mode === 'userPassword') return '@/?:'.includes(ch);
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

/** Strings below are byte strings (one char per byte, latin1), as Go's are. */
function goEscape(s: string, mode: GoEncoding): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += shouldEscape(c, mode) ? `%${hexDigits[c >> 4]}${hexDigits[c & 15]}` : s[i];
  }
  return out;
}

function isHex(ch: string | undefined): boolean {
  return ch !== undefined && /^[0-9a-fA-F]$/.test(ch);
}

/** net/url unescape: undefined for a malformed escape or, in a host, a character a host may not hold. */
function goUnescape(s: string, mode: GoEncoding): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const ch = s[i] ?? '';
    if (ch === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) return undefined;
      const byte = parseInt(s.slice(i + 1, i + 3), 16);
      if (mode === 'host' && byte < 0x80 && s.slice(i, i + 3) !== '%25') return undefined;
      if (mode === 'zone' && s.slice(i, i + 3) !== '%25' && byte !== 0x20 && shouldEscape(byte, 'host')) return undefined;
      out += String.fromCharCode(byte);
      i += 3;
    } else {
      const c = s.charCodeAt(i);
      if ((mode === 'host' || mode === 'zone') && c < 0x80 && shouldEscape(c, mode)) return undefined;
      out += ch;
      i++;
    }
  }
  return out;
}

/** net/url validEncoded: whether a raw path or fragment may be kept as written. */
function validEncoded(s: string, mode: GoEncoding): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] ?? '';
    if (`!$&'()*+,;=:@[]%`.includes(ch)) continue;
    if (shouldEscape(s.charCodeAt(i), mode)) return false;
  }
  return true;
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/**
 * net/url parseHost as of Go 1.26 (Argo CD v3.5 is built with it): a bracketed host must be an
 * IPv6 address, `[` elsewhere is refused; for http and https the port starts at the FIRST colon
 * (so `host:80:80` is refused), for other schemes at the last.
 */
function goParseHost(scheme: string, host: string): string | undefined {
  const open = host.lastIndexOf('[');
  if (open > 0) return undefined;
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) return undefined;
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return undefined;
    const hostname = host.slice(1, close);
    const zone = hostname.indexOf('%25');
    const address = zone >= 0 ? goUnescape(hostname.slice(0, zone), 'host') : goUnescape(hostname, 'host');
    const zonePart = zone >= 0 ? goUnescape(hostname.slice(zone), 'zone') : '';
    if (address === undefined || zonePart === undefined || !isIPv6(address + zonePart)) return undefined;
    return `[${address}${zonePart}]${colonPort}`;
  }
  const first = host.indexOf(':');
  if (first !== -1) {
    const colon = scheme === 'http' || scheme === 'https' ? first : host.lastIndexOf(':');
    if (!validOptionalPort(host.slice(colon))) return undefined;
  }
  return goUnescape(host, 'host');
}

/** Go's url.Parse followed by URL.String, or undefined where Parse returns an error. */
function goURLRoundTrip(raw: string): string | undefined {
  const hash = raw.indexOf('#');
  const beforeFragment = hash === -1 ? raw : raw.slice(0, hash);
  // parse refuses control characters before the fragment (the fragment is only unescaped).
  if (/[\u0000-\u001f\u007f]/.test(beforeFragment)) return undefined;
  const fragment = hash === -1 ? '' : raw.slice(hash + 1);
  let out: string;
  if (beforeFragment === '*') out = '*';
  else {
    // getScheme
    let scheme = '';
    let rest = beforeFragment;
    for (let i = 0; i < beforeFragment.length; i++) {
      const c = beforeFragment[i] ?? '';
      if (/[A-Za-z]/.test(c)) continue;
      if (/[0-9+.-]/.test(c)) {
        if (i === 0) break;
        continue;
      }
      if (c === ':') {
        if (i === 0) return undefined; // missing protocol scheme
        scheme = beforeFragment.slice(0, i).toLowerCase();
        rest = beforeFragment.slice(i + 1);
      }
      break;
    }
    let forceQuery = false;
    let rawQuery = '';
    if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) {
      forceQuery = true;
      rest = rest.slice(0, -1);
    } else {
      const q = rest.indexOf('?');
      if (q !== -1) {
        rawQuery = rest.slice(q + 1);
        rest = rest.slice(0, q);
      }
    }
    let opaque = '';
    let user: { name: string; password?: string } | undefined;
    let host = '';
    let omitHost = false;
    let pathText = '';
    let rawPath = '';
    if (!rest.startsWith('/') && scheme !== '') opaque = rest;
    else {
      if (!rest.startsWith('/') && (rest.split('/')[0] ?? '').includes(':')) return undefined;
      if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
        let authority = rest.slice(2);
        rest = '';
        const slash = authority.indexOf('/');
        if (slash >= 0) {
          rest = authority.slice(slash);
          authority = authority.slice(0, slash);
        }
        const at = authority.lastIndexOf('@');
        const parsedHost = goParseHost(scheme, at < 0 ? authority : authority.slice(at + 1));
        if (parsedHost === undefined) return undefined;
        host = parsedHost;
        if (at >= 0) {
          const userinfo = authority.slice(0, at);
          if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return undefined;
          const colon = userinfo.indexOf(':');
          const name = goUnescape(colon === -1 ? userinfo : userinfo.slice(0, colon), 'userPassword');
          const password = colon === -1 ? undefined : goUnescape(userinfo.slice(colon + 1), 'userPassword');
          if (name === undefined || (colon !== -1 && password === undefined)) return undefined;
          user = colon === -1 ? { name } : { name, password: password ?? '' };
        }
      } else if (scheme !== '' && rest.startsWith('/')) omitHost = true;
      const unescapedPath = goUnescape(rest, 'path');
      if (unescapedPath === undefined) return undefined;
      pathText = unescapedPath;
      rawPath = goEscape(pathText, 'path') === rest ? '' : rest;
    }
    // URL.String
    out = scheme === '' ? '' : `${scheme}:`;
    if (opaque !== '') out += opaque;
    else {
      if (scheme !== '' || host !== '' || user !== undefined) {
        if (!(omitHost && host === '' && user === undefined)) {
          if (host !== '' || pathText !== '' || user !== undefined) out += '//';
          if (user !== undefined) {
            out += goEscape(user.name, 'userPassword');
            if (user.password !== undefined) out += `:${goEscape(user.password, 'userPassword')}`;
            out += '@';
          }
          if (host !== '') out += goEscape(host, 'host');
        }
      }
      let escapedPath: string;
      if (rawPath !== '' && validEncoded(rawPath, 'path') && goUnescape(rawPath, 'path') === pathText) escapedPath = rawPath;
      else if (pathText === '*') escapedPath = '*';
      else escapedPath = goEscape(pathText, 'path');
      if (escapedPath !== '' && !escapedPath.startsWith('/') && host !== '') out += '/';
      if (out === '' && (escapedPath.split('/')[0] ?? '').includes(':')) out += './';
      out += escapedPath;
    }
    if (forceQuery || rawQuery !== '') out += `?${rawQuery}`;
  }
  if (fragment !== '') {
    const unescaped = goUnescape(fragment, 'fragment');
    if (unescaped === undefined) return undefined;
    const escaped = goEscape(unescaped, 'fragment') === fragment || !validEncoded(fragment, 'fragment') ? goEscape(unescaped, 'fragment') : fragment;
    out += `#${escaped}`;
  }
  return out;
}

/**
 * util/git NormalizeGitURL: trimmed and lower-cased; an scp-style `user@host:path` becomes
 * `ssh://user@host/path` (first `:` → `/`); one trailing `.git` dropped; then Go's url.Parse and
 * String (`""` when Parse fails, e.g. `ssh://git@host:org/repo`, whose port is not a number); a
 * leading `ssh://` dropped. A trailing `/` is kept: `…/repo/` and `…/repo` differ.
 */
export function normalizeGitURL(url: string): string {
  let repo = url.trim().toLowerCase();
  if (/^(ssh:\/\/)?([^/:]*?)@[^@]+$/.test(repo) && !repo.startsWith('ssh://')) repo = `ssh://${repo.replace(':', '/')}`;
  if (repo.endsWith('.git')) repo = repo.slice(0, -4);
  const bytes = Buffer.from(repo, 'utf8').toString('latin1');
  const normalized = goURLRoundTrip(bytes);
  if (normalized === undefined) return '';
  const text = Buffer.from(normalized, 'latin1').toString('utf8');
  return text.startsWith('ssh://') ? text.slice('ssh://'.length) : text;
}

/** util/git SameURL: both normalize (an invalid URL stands for itself) to the same non-empty text. */
export function sameURL(left: string, right: string): boolean {
  const a = normalizeGitURL(left) || left;
  const b = normalizeGitURL(right) || right;
  return a !== '' && b !== '' && a === b;
}

// ---------------------------------------------------------------------------------------------
// The AppProject checks
// ---------------------------------------------------------------------------------------------

/**
 * AppProject.IsSourcePermitted: every sourceRepos entry and the repoURL normalized, matched with
 * `/` as separator (`*` within one path segment, `**` across; a lone `*` permits all). A `!` entry
 * that matches refuses at once; a `!` entry that does not match counts as a match, so a list of
 * denials alone permits everything else.
 */
export function isSourcePermitted(project: KubeObject, repoURL: string): boolean {
  const source = normalizeGitURL(repoURL);
  let anyMatched = false;
  for (const entry of strings(spec(project)['sourceRepos'])) {
    const deny = entry.startsWith('!');
    const pattern = deny ? `!${normalizeGitURL(entry.slice(1))}` : normalizeGitURL(entry);
    if (projectGlobMatch(pattern, source, true, ['/'])) anyMatched = true;
    else if (deny) return false;
  }
  return anyMatched;
}

/**
 * AppProject.isDestinationMatched (+ permitOnlyProjectScopedClusters of IsDestinationPermitted):
 * the cluster's server and its name are both tried (an Application naming the server matches an
 * entry naming the cluster), globs without separators, `!` allowed. A non-matching `!` entry counts
 * as a match; a `!name` that does not match the cluster refuses whatever the namespace, a `!server`
 * only when the namespace matches, a `!namespace` only when the server matches (not the name).
 */
export function isDestinationPermitted(project: KubeObject, cluster: ArgoCluster, namespace: string, clusters: readonly ArgoCluster[] = [inCluster]): boolean {
  const projectSpec = spec(project);
  let anyMatched = false;
  let refused = false;
  for (const item of list(projectSpec['destinations']) ?? []) {
    const itemName = str((item as Record<string, unknown>)['name']);
    const itemServer = str((item as Record<string, unknown>)['server']);
    const itemNamespace = str((item as Record<string, unknown>)['namespace']);
    const nameMatched = cluster.name !== '' && projectGlobMatch(itemName, cluster.name, true);
    const serverMatched = cluster.server !== '' && projectGlobMatch(itemServer, cluster.server, true);
    const namespaceMatched = projectGlobMatch(itemNamespace, namespace, true);
    if ((serverMatched || nameMatched) && namespaceMatched) anyMatched = true;
    else if ((!nameMatched && itemName.startsWith('!')) || (!serverMatched && itemServer.startsWith('!') && namespaceMatched)) refused = true;
    else if (!namespaceMatched && itemNamespace.startsWith('!') && serverMatched) refused = true;
    if (refused) return false;
  }
  if (anyMatched && projectSpec['permitOnlyProjectScopedClusters'] === true) {
    const projectName = project.metadata.name ?? '';
    return clusters.some((candidate) => candidate.project === projectName && (candidate.name === cluster.name || candidate.server === cluster.server));
  }
  return anyMatched;
}

function inResourceList(entries: readonly ResourceEntry[], group: string, kind: string): boolean {
  return entries.some((entry) => filepathMatch(str(entry.kind), kind) && filepathMatch(str(entry.group), group));
}

function inNamedResourceList(entries: readonly ResourceEntry[], group: string, kind: string, name: string, nameSupported: boolean): boolean {
  return entries.some((entry) => {
    if (!filepathMatch(str(entry.kind), kind) || !filepathMatch(str(entry.group), group)) return false;
    const pattern = nameSupported ? str(entry.name) : '';
    return pattern === '' || filepathMatch(pattern, name);
  });
}

/**
 * AppProject.IsGroupKindNamePermitted (3.3+; IsGroupKindPermitted before). Group, kind and name
 * patterns are Go filepath.Match patterns. Namespaced: an absent (or null) namespaceResourceWhitelist
 * permits every kind, an empty one (`[]`) none. Cluster-scoped: absent and empty both permit none.
 * A blacklist entry refuses. `name` of a cluster entry scopes it by object name since Argo CD 3.3
 * (argoproj/argo-cd#24674); an older Argo CD does not know the field, and the entry permits (or
 * refuses) every name.
 */
export function isGroupKindNamePermitted(project: KubeObject, group: string, kind: string, name: string, namespaced: boolean, nameSupported = true): boolean {
  const projectSpec = spec(project);
  if (namespaced) {
    const whitelist = list(projectSpec['namespaceResourceWhitelist']);
    const blacklist = list(projectSpec['namespaceResourceBlacklist']) ?? [];
    const white = whitelist === undefined || (whitelist.length !== 0 && inResourceList(whitelist, group, kind));
    return white && !(blacklist.length !== 0 && inResourceList(blacklist, group, kind));
  }
  const whitelist = list(projectSpec['clusterResourceWhitelist']) ?? [];
  const blacklist = list(projectSpec['clusterResourceBlacklist']) ?? [];
  const white = whitelist.length !== 0 && inNamedResourceList(whitelist, group, kind, name, nameSupported);
  return white && !(blacklist.length !== 0 && inNamedResourceList(blacklist, group, kind, name, nameSupported));
}

/** Whether an Argo CD version (`v3.5.1`) reads `name` on cluster resource entries (3.3 and later). Unknown: yes. */
export function supportsClusterResourceNames(version: string | undefined): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (match === null) return true;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major > 3 || (major === 3 && minor >= 3);
}

/** GetDestinationCluster: the cluster an Application's destination resolves to, or why it does not. */
function destinationCluster(destination: Record<string, unknown>, clusters: readonly ArgoCluster[]): ArgoCluster | string {
  const server = str(destination['server']);
  const name = str(destination['name']);
  if (name !== '' && server !== '') return `application destination can't have both name and server defined: ${name} ${server}`;
  if (server !== '') {
    const trimmed = server.replace(/\/+$/, '');
    return clusters.find((cluster) => cluster.server === trimmed) ?? `no cluster with server "${trimmed}" is known to Argo CD`;
  }
  if (name !== '') {
    const found = clusters.filter((cluster) => cluster.name === name);
    if (found.length === 0) return `there are no clusters with this name: ${name}`;
    if (found.length > 1) return `there are ${found.length} clusters with the same name: [${found.map((cluster) => cluster.server).join(' ')}]`;
    return found[0] ?? name;
  }
  return 'Destination server missing from app spec';
}

/**
 * What the AppProject refuses of the Application and of its rendered objects, in Argo CD's order:
 * the project (missing, or its sourceNamespaces), the sources, the destination (all of which stop
 * the Application before any sync), then per object at sync time (`atSync`) its group/kind/name
 * and, when namespaced, its namespace. Where Argo CD stops checking (a missing project, an
 * Application namespace the project refuses, an incomplete source) only that refusal is returned;
 * a refused repository or destination is returned with the object-level refusals, so that a fix
 * of the one does not hide the next.
 */
export function projectDecision(
  project: KubeObject | undefined,
  application: KubeObject,
  objects: readonly KubeObject[],
  customScopes: CustomScopes = new Map(),
  options: ProjectOptions = {},
): Refusal[] {
  const appSpec = spec(application);
  const projectName = str(appSpec['project']) || 'default';
  if (project === undefined) {
    if (projectName !== 'default') return [{ what: 'project', reason: `AppProject "${projectName}" does not exist` }];
    project = builtInDefaultProject;
  }
  const clusters = options.clusters ?? [inCluster];
  const controllerNamespace = options.controllerNamespace ?? 'argocd';
  const nameSupported = supportsClusterResourceNames(options.argocdVersion);
  const p = spec(project);

  const appNamespace = application.metadata.namespace ?? '';
  if (appNamespace !== '' && appNamespace !== controllerNamespace && !matchStringInListRegexp(strings(p['sourceNamespaces']), appNamespace)) {
    return [{
      what: 'project',
      field: '/metadata/namespace',
      reason: `Application "${application.metadata.name ?? ''}" in namespace "${appNamespace}" is not permitted to use AppProject "${projectName}" (not in its sourceNamespaces)`,
    }];
  }

  const refusals: Refusal[] = [];
  const sourceRefusal = (source: Record<string, unknown>, field: string): void => {
    const repoURL = str(source['repoURL']);
    if (!isSourcePermitted(project, repoURL)) {
      refusals.push({ what: 'source', field: `${field}/repoURL`, reason: `repository "${repoURL}" is not in sourceRepos of AppProject "${projectName}"` });
    }
  };
  // ValidatePermissions: an incomplete source stops the checks there (the destination is not looked at).
  const hydrator = appSpec['sourceHydrator'];
  const multiple = hydrator === undefined && Array.isArray(appSpec['sources']) && appSpec['sources'].length > 0;
  if (hydrator !== undefined) {
    // validateSourceHydrator: every missing field is a condition, and then nothing else is checked.
    const hydratorSpec = record(hydrator);
    const dry = record(hydratorSpec['drySource']);
    const incomplete: Refusal[] = [];
    if (str(dry['repoURL']) === '') incomplete.push({ what: 'source', field: '/spec/sourceHydrator/drySource/repoURL', reason: 'spec.sourceHydrator.drySource.repoURL is required' });
    if (str(record(hydratorSpec['syncSource'])['targetBranch']) === '') incomplete.push({ what: 'source', field: '/spec/sourceHydrator/syncSource/targetBranch', reason: 'spec.sourceHydrator.syncSource.targetBranch is required' });
    if (hydratorSpec['hydrateTo'] !== undefined && hydratorSpec['hydrateTo'] !== null && str(record(hydratorSpec['hydrateTo'])['targetBranch']) === '') {
      incomplete.push({ what: 'source', field: '/spec/sourceHydrator/hydrateTo/targetBranch', reason: 'when spec.sourceHydrator.hydrateTo is set, spec.sourceHydrator.hydrateTo.targetBranch is required' });
    }
    if (incomplete.length > 0) return incomplete;
    sourceRefusal(dry, '/spec/sourceHydrator/drySource');
    // The sync source's repository defaults to the dry source's; a different one is checked too.
    const syncSource = record(hydratorSpec['syncSource']);
    if (str(syncSource['repoURL']) !== '' && str(syncSource['repoURL']) !== str(dry['repoURL'])) sourceRefusal(syncSource, '/spec/sourceHydrator/syncSource');
  } else if (multiple) {
    const sources = (appSpec['sources'] as unknown[]).map(record);
    for (const [index, source] of sources.entries()) {
      if (str(source['repoURL']) === '' || (str(source['path']) === '' && str(source['chart']) === '' && str(source['ref']) === '')) {
        return [...refusals, { what: 'source', field: `/spec/sources/${index}`, reason: 'spec.source.repoURL and either source.path, source.chart, or source.ref are required' }];
      }
      if (str(source['chart']) !== '' && str(source['targetRevision']) === '') {
        return [...refusals, { what: 'source', field: `/spec/sources/${index}/targetRevision`, reason: 'spec.source.targetRevision is required if the manifest source is a helm chart' }];
      }
      sourceRefusal(source, `/spec/sources/${index}`);
    }
  } else {
    const source = record(appSpec['source']);
    if (str(source['repoURL']) === '' || (str(source['path']) === '' && str(source['chart']) === '')) {
      return [{ what: 'source', field: '/spec/source', reason: 'spec.source.repoURL and either spec.source.path or spec.source.chart are required' }];
    }
    if (str(source['chart']) !== '' && str(source['targetRevision']) === '') {
      return [{ what: 'source', field: '/spec/source/targetRevision', reason: 'spec.source.targetRevision is required if the manifest source is a helm chart' }];
    }
    sourceRefusal(source, '/spec/source');
  }

  const destination = record(appSpec['destination']);
  const namespace = str(destination['namespace']);
  const resolved = destinationCluster(destination, clusters);
  const cluster = typeof resolved === 'string' ? undefined : resolved;
  if (typeof resolved === 'string') {
    refusals.push({ what: 'destination', field: '/spec/destination', reason: `destination of Application "${application.metadata.name ?? ''}" does not resolve: ${resolved}` });
  } else if (!isDestinationPermitted(project, resolved, namespace, clusters)) {
    const shown = str(destination['name']) !== '' ? resolved.name : resolved.server;
    refusals.push({ what: 'destination', field: '/spec/destination', reason: `destination ${shown} namespace "${namespace}" is not permitted by AppProject "${projectName}"` });
  }

  const kindRefusal = (object: KubeObject, group: string, kind: string, name: string, label: string, prefix: string): void => {
    const scope = scopeOf(group, kind, customScopes);
    const namespacedOk = (): boolean => isGroupKindNamePermitted(project, group, kind, name, true, nameSupported);
    const clusterOk = (): boolean => isGroupKindNamePermitted(project, group, kind, name, false, nameSupported);
    if (scope === 'Cluster') {
      if (!clusterOk()) refusals.push({ what: 'kind', object, atSync: true, reason: `cluster-scoped ${label}${prefix} is not permitted by AppProject "${projectName}"` });
      return;
    }
    if (scope === 'unknown') {
      // Argo CD always knows the scope (discovery). Without it the model refuses only what both
      // readings refuse; a kind no CRD declares is reported by the rules on unknown kinds, and
      // Argo CD fails its sync anyway when the cluster does not serve it.
      if (!namespacedOk() && !clusterOk()) {
        refusals.push({ what: 'kind', object, atSync: true, reason: `${label}${prefix} is not permitted by AppProject "${projectName}" (namespaced or cluster-scoped)` });
      }
      return;
    }
    if (!namespacedOk()) {
      refusals.push({ what: 'kind', object, atSync: true, reason: `${label}${prefix} is not permitted by AppProject "${projectName}"` });
      return;
    }
    // gitops-engine gave an object without a namespace the destination namespace.
    const objectNamespace = object.metadata.namespace || namespace;
    if (cluster !== undefined && objectNamespace !== namespace && !isDestinationPermitted(project, cluster, objectNamespace, clusters)) {
      refusals.push({ what: 'destination', object, atSync: true, reason: `${label} in namespace "${objectNamespace}" is not a permitted destination of AppProject "${projectName}"` });
    }
  };

  for (const object of objects) {
    const group = groupOf(object.apiVersion);
    const name = object.metadata.name ?? '';
    kindRefusal(object, group, object.kind, name, `${object.kind}${group === '' ? '' : `.${group}`} "${name}"`, '');
  }

  // CreateNamespace=true: autoCreateNamespace adds the destination Namespace as a task, which the
  // permission validator checks like any object, unless the render holds that Namespace already.
  const syncOptions = strings(record(appSpec['syncPolicy'])['syncOptions']);
  if (syncOptions.includes('CreateNamespace=true') && namespace !== '') {
    const rendered = objects.some((object) => object.kind === 'Namespace' && groupOf(object.apiVersion) === '' && object.metadata.name === namespace);
    if (!rendered) {
      const created: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } };
      kindRefusal(created, '', 'Namespace', namespace, `Namespace "${namespace}"`, ' (CreateNamespace=true)');
    }
  }
  return refusals;
}
