// AppProject decisions as Argo CD v3.x makes them. Every case names the Argo CD function whose
// behaviour it reproduces (argoproj/argo-cd: pkg/apis/application/v1alpha1/app_project_types.go and
// types.go, util/git/git.go, util/glob, util/argo/argo.go, controller/sync.go,
// gitops-engine/pkg/sync/sync_context.go; github.com/gobwas/glob v0.2.3; Go path/filepath).
import { describe, expect, it } from 'vitest';
import {
  isDestinationPermitted,
  isGroupKindNamePermitted,
  isSourcePermitted,
  normalizeGitURL,
  projectDecision,
  sameURL,
  supportsClusterResourceNames,
  type ArgoCluster,
  type ProjectOptions,
  type Refusal,
} from '../scripts/argocd/project.ts';
import { filepathMatch, globMatch, matchStringInListRegexp, projectGlobMatch } from '../scripts/argocd/glob.ts';
import { scopeOf } from '../scripts/argocd/scope.ts';
import type { KubeObject } from '../scripts/core/manifest.ts';

const repo = 'https://github.com/acme-ai/llm-platform-gitops.git';
const inClusterServer = 'https://kubernetes.default.svc';

function project(spec: Record<string, unknown>, name = 'team'): KubeObject {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name, namespace: 'argocd' }, spec };
}

describe('util/glob Match (gobwas/glob v0.2.3; a pattern that does not compile matches nothing)', () => {
  it.each([
    ['*', 'anything', [], true],
    ['foo*', 'foobar', [], true],
    ['foo*', 'bar', [], false],
    ['product-*', 'product-staging', [], true],
    ['product-*', 'product', [], false],
    ['{kube-system,argocd}', 'argocd', [], true],
    ['{kube-system,argocd}', 'default', [], false],
    ['{a,b', 'b', [], true], // an unclosed `{` keeps the alternatives read so far
    ['a]', 'a]', [], true], // `]` and `}` outside a class or `{}` are text
    ['a}', 'a}', [], true],
    ['a,b', 'a,b', [], true], // `,` outside `{}` is text
    ['[a-z]', 'q', [], true],
    ['[!a-z]', 'Q', [], true],
    ['[!a-z]', 'q', [], false],
    ['[abc]', 'b', [], true],
    ['[a-z0-9]', 'a', [], false], // one range per class: the pattern does not compile
    ['[]', '', [], false], // an empty class does not compile
    ['[z-a]', 'q', [], false], // hi < lo does not compile
    ['\\*', '*', [], true],
    ['\\*', 'x', [], false],
    ['a?c', 'abc', [], true],
    ['*', 'a/b', ['/'], false], // with separators `*` stays in one segment
    ['**', 'a/b', ['/'], true],
    ['a?c', 'a/c', ['/'], false],
    ['[!a]', '/', ['/'], true], // a class matches a separator
    ['https://*.default.svc', 'https://kubernetes.default.svc', [], true],
    ['?', '', [], true], // a lone one-character matcher reads "" as U+FFFD (gobwas Single.Match)
    ['[!a]', '', ['/'], true],
    ['{a,?}', '', [], true],
    ['a?', 'a', [], false], // not inside a sequence
    ['?{a,?}', 'a', [], false],
  ] as const)('Match(%j, %j, separators %j) = %j', (pattern, text, separators, expected) => {
    expect(globMatch(pattern, text, separators)).toBe(expected);
  });
});

describe('app_project_types.go globMatch (negation, `*` shortcut), as TestGlobMatch', () => {
  it.each([
    ['foo', 'foo', false, true],
    ['foo*', 'foobar', false, true],
    ['*', 'anything', false, true],
    ['!foo', 'foo', true, false],
    ['!foo', 'bar', true, true],
    ['!foo', 'foo', false, false],
    ['!foo', '!foo', false, true],
    ['!{kube-system,argocd}', 'argocd', true, false],
    ['![', 'x', true, true], // the negated pattern does not compile: Match is false, negated true
  ] as const)('globMatch(%j, %j, allowNegation %j) = %j', (pattern, value, allowNegation, expected) => {
    expect(projectGlobMatch(pattern, value, allowNegation)).toBe(expected);
  });

  it('globMatch: a lone `*` matches across separators (IsSourcePermitted with `/`)', () => {
    expect(projectGlobMatch('*', 'https://github.com/a/b', false, ['/'])).toBe(true);
    expect(projectGlobMatch('https://*', 'https://github.com/a/b', false, ['/'])).toBe(false);
  });
});

describe('path/filepath.Match (isResourceInList / isNamedResourceInList; a malformed pattern matches nothing)', () => {
  it.each([
    ['*', 'Deployment', true],
    ['*', '', true],
    ['', '', true],
    ['', 'apps', false],
    ['Deploy*', 'Deployment', true],
    ['*.k8s.io', 'rbac.authorization.k8s.io', true],
    ['team1-*', 'team1-namespace', true],
    ['team1-*', 'other-namespace', false],
    ['{Role,RoleBinding}', 'Role', false], // no alternatives in filepath.Match
    ['{Role,RoleBinding}', '{Role,RoleBinding}', true],
    ['[!a]', 'b', false], // `!` is a literal in a class; negation is `^`
    ['[!a]', '!', true],
    ['[^a]', 'b', true],
    ['[a-c]ole', 'bole', true],
    ['[a-]', 'a', false], // malformed
    ['[', '[', false], // malformed
    ['a\\', 'a', false], // trailing escape: malformed
    ['\\*', '*', true],
    ['[z-a]', 'q', false], // reversed range: accepted, matches nothing
    ['[^z-a]', 'q', true],
    ['*', 'a/b', false], // `*` stops at `/`
    ['a*b*c', 'axxbyyc', true],
    ['*b', 'abab', true],
    ['?ole', 'Role', true],
    ['Role', 'role', false], // case-sensitive
  ] as const)('Match(%j, %j) = %j', (pattern, name, expected) => {
    expect(filepathMatch(pattern, name)).toBe(expected);
  });
});

describe('util/git NormalizeGitURL and SameURL', () => {
  it.each([
    ['https://github.com/Acme-AI/Repo.git', 'https://github.com/acme-ai/repo'],
    ['  https://github.com/acme-ai/repo  ', 'https://github.com/acme-ai/repo'],
    ['git@github.com:acme-ai/repo.git', 'git@github.com/acme-ai/repo'], // scp-style: first `:` becomes `/`
    ['ssh://git@github.com/acme-ai/repo.git', 'git@github.com/acme-ai/repo'], // `ssh://` dropped
    ['https://github.com/acme-ai/repo/', 'https://github.com/acme-ai/repo/'], // a trailing slash stays
    ['https://github.com/acme-ai/repo.git/', 'https://github.com/acme-ai/repo.git/'], // `.git` only at the very end
    ['https://github.com/acme-ai/repo.git.git', 'https://github.com/acme-ai/repo.git'], // one `.git`
    ['ssh://git@github.com:acme-ai/repo', ''], // url.Parse: port "acme-ai" is not a number
    ['https://github.com:443/acme-ai/repo', 'https://github.com:443/acme-ai/repo'],
    ['https://github.com/acme ai/repo', 'https://github.com/acme%20ai/repo'],
    ['https://github.com/acme-ai/{a,b}', 'https://github.com/acme-ai/%7Ba,b%7D'], // braces are escaped in a path
    ['https://github.com/acme-ai/*', 'https://github.com/acme-ai/*'],
    ['*', '*'],
    ['https://github.com/acme-ai/%zz', ''], // a malformed escape
    ['github.com/acme-ai/repo', 'github.com/acme-ai/repo'],
    ['https://github.com:443:443/acme-ai/repo', ''], // Go 1.26: for https the port starts at the first colon
    ['ssh://git@github.com:22:22/acme-ai/repo', 'git@github.com:22:22/acme-ai/repo'], // other schemes: the last colon
    ['https://[::1]:8443/acme-ai/repo', 'https://[::1]:8443/acme-ai/repo'],
    ['https://[127.0.0.1]/acme-ai/repo', ''], // brackets hold an IPv6 address only
    ['https://x[::1]/acme-ai/repo', ''],
  ])('NormalizeGitURL(%j) = %j', (url, expected) => {
    expect(normalizeGitURL(url)).toBe(expected);
  });

  it.each([
    ['https://github.com/acme-ai/repo.git', 'https://GitHub.com/acme-ai/repo', true],
    ['git@github.com:acme-ai/repo.git', 'ssh://git@github.com/acme-ai/repo', true],
    ['https://github.com/acme-ai/repo', 'https://github.com/acme-ai/repo/', false],
    ['git@github.com:acme-ai/repo', 'https://github.com/acme-ai/repo', false],
    ['', '', false],
  ] as const)('SameURL(%j, %j) = %j', (left, right, expected) => {
    expect(sameURL(left, right)).toBe(expected);
  });
});

describe('AppProject.IsSourcePermitted (TestAppProject_IsSourcePermitted, _IsNegatedSourcePermitted, and URL forms)', () => {
  it.each([
    [['*'], 'https://github.com/argoproj/test.git', true],
    [['https://github.com/argoproj/test.git'], 'https://github.com/argoproj/test.git', true],
    [['ssh://git@GITHUB.com:argoproj/test'], 'ssh://git@github.com:argoproj/test', true], // both normalize to "" (invalid port), "" matches ""
    [['https://github.com/argoproj/*'], 'https://github.com/argoproj/argoproj.git', true],
    [['https://github.com/test1/test.git', 'https://github.com/test2/test.git'], 'https://github.com/test2/test.git', true],
    [['https://github.com/argoproj/test1.git'], 'https://github.com/argoproj/test2.git', false],
    [['https://github.com/argoproj/*.git'], 'https://github.com/argoproj1/test2.git', false],
    [['https://github.com/argoproj/foo'], 'https://github.com/argoproj/foo1', false],
    [['https://gitlab.com/group/*'], 'https://gitlab.com/group/repo/owner', false],
    [['https://gitlab.com/group/*/*'], 'https://gitlab.com/group/repo/owner', true],
    [['https://gitlab.com/group/**'], 'https://gitlab.com/group/sub-group/repo/owner', true],
    [['!https://github.com/argoproj/test.git'], 'https://github.com/argoproj/test.git', false],
    [['!https://github.com/argoproj/*'], 'https://github.com/argoproj/argoproj.git', false],
    [['https://github.com/test1/test.git', '!https://github.com/test2/test.git'], 'https://github.com/test2/test.git', false],
    [['!https://github.com/argoproj/*.git', '*'], 'https://github.com/argoproj1/test2.git', true],
    [['!https://github.com/evil/*'], 'https://github.com/acme-ai/repo', true], // a deny entry that does not match counts as a match
    [['*', '!https://github.com/evil/*'], 'https://github.com/evil/x', false], // deny wins whatever the order
    [[repo], 'https://github.com/ACME-AI/llm-platform-gitops', true], // case and `.git`
    [[repo], 'git@github.com:acme-ai/llm-platform-gitops.git', false], // ssh and https forms differ
    [[repo], 'https://github.com/acme-ai/llm-platform-gitops/', false], // a trailing slash differs
    [['https://*'], 'https://github.com/acme-ai/repo', false], // `*` stays within one path segment
    [[], repo, false],
  ])('sourceRepos %j, repoURL %j: permitted %j', (sourceRepos, repoURL, expected) => {
    expect(isSourcePermitted(project({ sourceRepos }), repoURL)).toBe(expected);
  });
});

describe('AppProject.IsDestinationPermitted / isDestinationMatched (TestAppProject_IsDestinationPermitted, _IsNegatedDestinationPermitted)', () => {
  type Dest = { server?: string; name?: string; namespace: string };
  const cases: [string, Dest[], ArgoCluster, string, boolean][] = [
    ['server and namespace match', [{ server: inClusterServer, namespace: 'default' }], { server: inClusterServer, name: '' }, 'default', true],
    ['namespace does not match', [{ server: inClusterServer, namespace: 'default' }], { server: inClusterServer, name: '' }, 'kube-system', false],
    ['server does not match', [{ server: 'https://my-cluster', namespace: 'default' }], { server: inClusterServer, name: '' }, 'default', false],
    ['wildcard server', [{ server: 'https://*.default.svc', namespace: 'default' }], { server: inClusterServer, name: '' }, 'default', true],
    ['wildcard namespace without prefix', [{ server: inClusterServer, namespace: 'test-*' }], { server: inClusterServer, name: '' }, 'test', false],
    ['by name', [{ name: 'test', namespace: '*' }], { server: '', name: 'test' }, 'test', true],
    ['by another name', [{ name: 'test2', namespace: '*' }], { server: '', name: 'test' }, 'test', false],
    ['an entry naming the cluster permits an Application naming its server', [{ name: 'in-cluster', namespace: 'x' }], { server: inClusterServer, name: 'in-cluster' }, 'x', true],
    ['negated namespace with alternatives on another server', [
      { name: 'host-cluster', server: inClusterServer, namespace: '!{kube-system,argocd}' },
      { name: 'destination-cluster-01', server: 'https://eks.example', namespace: '*' },
    ], { server: 'https://eks.example', name: '' }, 'kube-system', true],
    ['!server matching', [{ server: '!' + inClusterServer, namespace: 'default' }], { server: inClusterServer, name: '' }, 'default', false],
    ['!namespace not matching permits', [{ server: inClusterServer, namespace: '!default' }], { server: inClusterServer, name: '' }, 'kube-system', true],
    ['!server not matching permits', [{ server: '!https://my-cluster', namespace: 'default' }], { server: inClusterServer, name: '' }, 'default', true],
    ['!name refuses whatever the namespace', [{ name: '!test', namespace: 'other' }], { server: '', name: 'test' }, 'test', false],
    ['!name not matching permits', [{ name: '!test2', namespace: '*' }], { server: '', name: 'test' }, 'test', true],
    ['allow then deny the same namespace', [{ server: '*', namespace: '*' }, { server: '*', namespace: '!kube-system' }], { server: inClusterServer, name: '' }, 'kube-system', false],
    ['deny the server for one namespace only', [{ server: '*', namespace: 'test' }, { server: '!https://test-server', namespace: 'other' }], { server: 'https://test-server', name: '' }, 'test', true],
    ['!namespace on another server does not refuse', [{ server: '*', namespace: '*' }, { server: 'https://test-server', namespace: '!other' }], { server: 'https://other-test-server', name: '' }, 'other', true],
    ['`*` namespace matches an empty one', [{ server: '*', namespace: '*' }], { server: inClusterServer, name: 'in-cluster' }, '', true],
    ['a pattern namespace does not match an empty one', [{ server: '*', namespace: 'product-*' }], { server: inClusterServer, name: 'in-cluster' }, '', false],
    ['no destinations', [], { server: inClusterServer, name: 'in-cluster' }, 'default', false],
  ];
  it.each(cases)('%s', (_title, destinations, cluster, namespace, expected) => {
    expect(isDestinationPermitted(project({ destinations }), cluster, namespace)).toBe(expected);
  });

  it('IsDestinationPermitted with permitOnlyProjectScopedClusters: only a cluster whose secret names the project', () => {
    const scoped = project({ destinations: [{ server: 'https://team1-*', namespace: 'default' }], permitOnlyProjectScopedClusters: true });
    const cluster = { server: 'https://team1-a', name: 'team1-a' };
    expect(isDestinationPermitted(scoped, cluster, 'default', [cluster])).toBe(false);
    expect(isDestinationPermitted(scoped, cluster, 'default', [{ ...cluster, project: 'team' }])).toBe(true);
  });
});

describe('AppProject.IsGroupKindNamePermitted (TestAppProject_IsGroupKindPermitted)', () => {
  const cases: [string, Record<string, unknown>, string, string, string, boolean, boolean][] = [
    ['empty namespaceResourceWhitelist permits no namespaced kind', { namespaceResourceWhitelist: [], namespaceResourceBlacklist: [{ group: 'apps', kind: 'Deployment' }] }, 'apps', 'ReplicaSet', '', true, false],
    ['absent namespaceResourceWhitelist permits every namespaced kind', {}, 'apps', 'Action', '', true, true],
    ['null namespaceResourceWhitelist is absent', { namespaceResourceWhitelist: null }, 'apps', 'Deployment', '', true, true],
    ['whitelisted, not blacklisted', { namespaceResourceWhitelist: [{ group: 'apps', kind: 'ReplicaSet' }], namespaceResourceBlacklist: [{ group: 'apps', kind: 'Deployment' }] }, 'apps', 'ReplicaSet', '', true, true],
    ['not whitelisted', { namespaceResourceWhitelist: [{ group: 'apps', kind: 'ReplicaSet' }] }, 'apps', 'Action', '', true, false],
    ['an entry without group is the core group', { namespaceResourceWhitelist: [{ kind: 'Deployment' }] }, 'apps', 'Deployment', '', true, false],
    ['blacklisted Namespace', { clusterResourceBlacklist: [{ group: '', kind: 'Namespace' }] }, '', 'Namespace', '', false, false],
    ['white * and black * refuse cluster kinds, permit namespaced', { clusterResourceWhitelist: [{ group: '*', kind: '*' }], clusterResourceBlacklist: [{ group: '*', kind: '*' }] }, '', 'Namespace', '', false, false],
    ['... while namespaced kinds stay permitted', { clusterResourceWhitelist: [{ group: '*', kind: '*' }], clusterResourceBlacklist: [{ group: '*', kind: '*' }] }, 'apps', 'Action', '', true, true],
    ['empty clusterResourceWhitelist permits no cluster kind', { clusterResourceWhitelist: [], namespaceResourceWhitelist: [{ group: '*', kind: '*' }] }, '', 'Namespace', '', false, false],
    ['absent clusterResourceWhitelist permits no cluster kind', {}, '', 'Namespace', '', false, false],
    ['cluster entry scoped by name: other name', { clusterResourceWhitelist: [{ group: '', kind: 'Namespace', name: 'team1-*' }] }, '', 'Namespace', 'other-namespace', false, false],
    ['cluster entry scoped by name: matching name', { clusterResourceWhitelist: [{ group: '', kind: 'Namespace', name: 'team1-*' }] }, '', 'Namespace', 'team1-namespace', false, true],
    ['blacklist entry scoped by name', { clusterResourceWhitelist: [{ group: '*', kind: '*' }], clusterResourceBlacklist: [{ group: '', kind: 'Namespace', name: 'kube-*' }] }, '', 'Namespace', 'kube-system', false, false],
    ['kind globs are filepath.Match: braces are literal', { namespaceResourceWhitelist: [{ group: 'rbac.authorization.k8s.io', kind: '{Role,RoleBinding}' }] }, 'rbac.authorization.k8s.io', 'Role', '', true, false],
    ['group globs: *.k8s.io', { namespaceResourceWhitelist: [{ group: '*.k8s.io', kind: '*' }] }, 'networking.k8s.io', 'Ingress', '', true, true],
  ];
  it.each(cases)('%s', (_title, projectSpec, group, kind, name, namespaced, expected) => {
    expect(isGroupKindNamePermitted(project(projectSpec), group, kind, name, namespaced)).toBe(expected);
  });

  it('IsGroupKindPermitted before 3.3 (no ClusterResourceRestrictionItem.Name, argoproj/argo-cd#24674): `name` is ignored', () => {
    const scoped = project({ clusterResourceWhitelist: [{ group: '', kind: 'Namespace', name: 'team1-*' }] });
    expect(isGroupKindNamePermitted(scoped, '', 'Namespace', 'other', false, false)).toBe(true);
    expect(supportsClusterResourceNames('v3.2.5')).toBe(false);
    expect(supportsClusterResourceNames('v3.3.0')).toBe(true);
    expect(supportsClusterResourceNames('v3.5.1')).toBe(true);
    expect(supportsClusterResourceNames(undefined)).toBe(true);
  });
});

describe('AppProject.IsAppNamespacePermitted (util/glob MatchStringInList, regexp mode)', () => {
  it.each([
    [['team-*'], 'team-a', true],
    [['/^team-[0-9]+$/'], 'team-42', true],
    [['/^team-[0-9]+$/'], 'team-a', false],
    [[], 'team-a', false],
  ] as const)('sourceNamespaces %j, namespace %j: %j', (list, namespace, expected) => {
    expect(matchStringInListRegexp(list, namespace)).toBe(expected);
  });
});

describe('scope as discovery reports it (validateSyncPermissions reads APIResource.Namespaced)', () => {
  it.each([
    ['', 'Namespace', 'Cluster'],
    ['', 'ConfigMap', 'Namespaced'],
    ['storage.k8s.io', 'VolumeAttributesClass', 'Cluster'],
    ['authorization.k8s.io', 'SubjectAccessReview', 'Cluster'],
    ['authorization.k8s.io', 'LocalSubjectAccessReview', 'Namespaced'],
    ['resource.k8s.io', 'DeviceTaintRule', 'Cluster'],
    ['external-secrets.io', 'ExternalSecret', 'unknown'],
  ] as const)('%s/%s is %s', (group, kind, expected) => {
    expect(scopeOf(group, kind, new Map())).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// projectDecision: the whole decision for one Application and its rendered objects
// ---------------------------------------------------------------------------------------------

const team = project({
  sourceRepos: [repo],
  destinations: [{ server: inClusterServer, namespace: 'product-staging' }, { server: inClusterServer, namespace: 'product-shared' }],
  clusterResourceWhitelist: [{ group: '', kind: 'Namespace', name: 'product-staging' }],
  namespaceResourceWhitelist: [{ group: '', kind: 'ConfigMap' }, { group: 'apps', kind: 'Deployment' }, { group: 'external-secrets.io', kind: 'ExternalSecret' }],
});

function application(change: (spec: Record<string, unknown>, metadata: Record<string, unknown>) => void = () => undefined): KubeObject {
  const spec: Record<string, unknown> = {
    project: 'team',
    source: { repoURL: repo, targetRevision: 'main', path: 'overlays/staging/webapp' },
    destination: { server: inClusterServer, namespace: 'product-staging' },
  };
  const metadata: Record<string, unknown> = { name: 'staging-webapp', namespace: 'argocd' };
  change(spec, metadata);
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata, spec };
}

function obj(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject {
  return { apiVersion, kind, metadata: namespace === undefined ? { name } : { name, namespace } };
}

const deployment = obj('apps/v1', 'Deployment', 'webapp');
const configMap = obj('v1', 'ConfigMap', 'webapp-config', 'product-staging');
const externalSecret = obj('external-secrets.io/v1', 'ExternalSecret', 'db');
const scopes = new Map([['external-secrets.io/ExternalSecret', 'Namespaced' as const]]);

interface DecisionCase {
  title: string;
  project?: KubeObject | undefined;
  application: KubeObject;
  objects: KubeObject[];
  options?: ProjectOptions;
  /** Expected refusals: `what`, then a part of the reason, then (optionally) field and atSync. */
  refusals: { what: Refusal['what']; reason: string; field?: string; atSync?: true }[];
}

const decisionCases: DecisionCase[] = [
  {
    title: 'valid: ValidatePermissions and validateSyncPermissions permit source, destination and every kind',
    application: application(), objects: [deployment, configMap, externalSecret, obj('v1', 'Namespace', 'product-staging')], refusals: [],
  },
  {
    title: 'valid: IsDestinationPermitted, objects without a namespace get the destination namespace (getSyncTasks)',
    application: application(), objects: [obj('v1', 'ConfigMap', 'no-namespace')], refusals: [],
  },
  {
    title: 'valid: IsDestinationPermitted for an object in another permitted namespace',
    application: application(), objects: [obj('v1', 'ConfigMap', 'shared', 'product-shared')], refusals: [],
  },
  {
    title: 'invalid: getAppProj / projectErrorToCondition, the AppProject does not exist',
    project: undefined, application: application((spec) => { spec['project'] = 'stagin'; }), objects: [deployment],
    refusals: [{ what: 'project', reason: 'AppProject "stagin" does not exist' }],
  },
  {
    title: 'valid: initializeDefaultProject, a missing `default` project is created fully permissive',
    project: undefined, application: application((spec) => { spec['project'] = 'default'; }), objects: [deployment, obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'admin')], refusals: [],
  },
  {
    title: 'valid: ApplicationSpec.GetProject, an empty project is `default`',
    project: undefined, application: application((spec) => { delete spec['project']; }), objects: [deployment], refusals: [],
  },
  {
    title: 'invalid: IsAppNamespacePermitted, an Application outside the controller namespace without sourceNamespaces',
    application: application((_spec, metadata) => { metadata['namespace'] = 'team-apps'; }), objects: [deployment],
    refusals: [{ what: 'project', field: '/metadata/namespace', reason: 'in namespace "team-apps" is not permitted to use AppProject "team"' }],
  },
  {
    title: 'valid: IsAppNamespacePermitted, sourceNamespaces glob',
    project: project({ ...(team['spec'] as object), sourceNamespaces: ['team-*'] }),
    application: application((_spec, metadata) => { metadata['namespace'] = 'team-apps'; }), objects: [deployment], refusals: [],
  },
  {
    title: 'invalid: IsSourcePermitted, a repoURL typo',
    application: application((spec) => { (spec['source'] as Record<string, unknown>)['repoURL'] = 'https://github.com/acme-ai/llm-platform-gitop.git'; }), objects: [deployment],
    refusals: [{ what: 'source', field: '/spec/source/repoURL', reason: 'repository "https://github.com/acme-ai/llm-platform-gitop.git" is not in sourceRepos of AppProject "team"' }],
  },
  {
    title: 'valid: IsSourcePermitted after NormalizeGitURL (case, no `.git`)',
    application: application((spec) => { (spec['source'] as Record<string, unknown>)['repoURL'] = 'https://GitHub.com/acme-ai/llm-platform-gitops'; }), objects: [deployment], refusals: [],
  },
  {
    title: 'invalid: IsSourcePermitted, the scp-style URL of the same repository is another URL',
    application: application((spec) => { (spec['source'] as Record<string, unknown>)['repoURL'] = 'git@github.com:acme-ai/llm-platform-gitops.git'; }), objects: [deployment],
    refusals: [{ what: 'source', field: '/spec/source/repoURL', reason: 'is not in sourceRepos' }],
  },
  {
    title: 'invalid: ValidatePermissions, multiple sources are each checked',
    application: application((spec) => {
      delete spec['source'];
      spec['sources'] = [{ repoURL: repo, path: 'a', targetRevision: 'main' }, { repoURL: 'https://github.com/other/repo.git', path: 'b', targetRevision: 'main' }];
    }), objects: [deployment],
    refusals: [{ what: 'source', field: '/spec/sources/1/repoURL', reason: 'repository "https://github.com/other/repo.git"' }],
  },
  {
    title: 'invalid: validateSourcePermissions, a source without path or chart stops the checks (the destination is not looked at)',
    application: application((spec) => {
      spec['source'] = { repoURL: repo, targetRevision: 'main' };
      spec['destination'] = { server: inClusterServer, namespace: 'elsewhere' };
    }), objects: [],
    refusals: [{ what: 'source', field: '/spec/source', reason: 'spec.source.repoURL and either spec.source.path or spec.source.chart are required' }],
  },
  {
    title: 'invalid: validateSourceHydrator, a hydrator without syncSource.targetBranch stops the checks',
    application: application((spec) => {
      delete spec['source'];
      spec['sourceHydrator'] = { drySource: { repoURL: 'https://github.com/other/repo.git', path: 'a', targetRevision: 'main' }, syncSource: { path: 'b' } };
    }), objects: [],
    refusals: [{ what: 'source', field: '/spec/sourceHydrator/syncSource/targetBranch', reason: 'spec.sourceHydrator.syncSource.targetBranch is required' }],
  },
  {
    title: 'invalid: ValidatePermissions, a hydrator dry source and a different sync source repository are both checked',
    application: application((spec) => {
      delete spec['source'];
      spec['sourceHydrator'] = {
        drySource: { repoURL: repo, path: 'a', targetRevision: 'main' },
        syncSource: { repoURL: 'https://github.com/other/hydrated.git', targetBranch: 'env/staging', path: 'b' },
      };
    }), objects: [],
    refusals: [{ what: 'source', field: '/spec/sourceHydrator/syncSource/repoURL', reason: 'repository "https://github.com/other/hydrated.git"' }],
  },
  {
    title: 'invalid: IsDestinationPermitted, a destination namespace typo',
    application: application((spec) => { spec['destination'] = { server: inClusterServer, namespace: 'product-stagign' }; }), objects: [],
    refusals: [{ what: 'destination', field: '/spec/destination', reason: 'namespace "product-stagign" is not permitted by AppProject "team"' }],
  },
  {
    title: 'valid: GetDestinationServer trims a trailing slash from the server',
    application: application((spec) => { spec['destination'] = { server: `${inClusterServer}/`, namespace: 'product-staging' }; }), objects: [], refusals: [],
  },
  {
    title: 'valid: GetDestinationCluster by name `in-cluster` (the cluster\'s server then matches the project entry)',
    application: application((spec) => { spec['destination'] = { name: 'in-cluster', namespace: 'product-staging' }; }), objects: [], refusals: [],
  },
  {
    title: 'invalid: GetDestinationServer, both name and server',
    application: application((spec) => { spec['destination'] = { name: 'in-cluster', server: inClusterServer, namespace: 'product-staging' }; }), objects: [],
    refusals: [{ what: 'destination', field: '/spec/destination', reason: "application destination can't have both name and server defined" }],
  },
  {
    title: 'invalid: GetDestinationCluster, a server Argo CD does not know',
    application: application((spec) => { spec['destination'] = { server: 'https://kubernetes.default.svc.cluster.local', namespace: 'product-staging' }; }), objects: [],
    refusals: [{ what: 'destination', field: '/spec/destination', reason: 'no cluster with server "https://kubernetes.default.svc.cluster.local"' }],
  },
  {
    title: 'invalid: GetDestinationServer, a cluster name that no cluster has',
    application: application((spec) => { spec['destination'] = { name: 'prod', namespace: 'product-staging' }; }), objects: [],
    refusals: [{ what: 'destination', field: '/spec/destination', reason: 'there are no clusters with this name: prod' }],
  },
  {
    title: 'invalid: validateSyncPermissions / IsGroupKindNamePermitted, a Role in an overlay fails the whole sync',
    application: application(), objects: [deployment, obj('rbac.authorization.k8s.io/v1', 'Role', 'reader')],
    refusals: [{ what: 'kind', atSync: true, reason: 'Role.rbac.authorization.k8s.io "reader" is not permitted by AppProject "team"' }],
  },
  {
    title: 'invalid: IsGroupKindNamePermitted, a Namespace other than the one the entry names',
    application: application(), objects: [obj('v1', 'Namespace', 'scratch')],
    refusals: [{ what: 'kind', atSync: true, reason: 'cluster-scoped Namespace "scratch" is not permitted by AppProject "team"' }],
  },
  {
    title: 'valid: IsGroupKindPermitted of Argo CD 3.2, which ignores `name`, permits any Namespace',
    application: application(), objects: [obj('v1', 'Namespace', 'scratch')], options: { argocdVersion: 'v3.2.5' }, refusals: [],
  },
  {
    title: 'invalid: IsGroupKindNamePermitted, an empty namespaceResourceWhitelist permits no namespaced kind',
    project: project({ sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }], namespaceResourceWhitelist: [] }),
    application: application(), objects: [configMap],
    refusals: [{ what: 'kind', atSync: true, reason: 'ConfigMap "webapp-config" is not permitted' }],
  },
  {
    title: 'invalid: validateSyncPermissions / IsDestinationPermitted, an object in a namespace the project does not permit',
    application: application(), objects: [obj('v1', 'ConfigMap', 'stray', 'kube-system')],
    refusals: [{ what: 'destination', atSync: true, reason: 'ConfigMap "stray" in namespace "kube-system" is not a permitted destination' }],
  },
  {
    title: 'invalid: autoCreateNamespace adds a Namespace task the permission validator refuses (CreateNamespace=true)',
    project: project({ sourceRepos: [repo], destinations: [{ server: inClusterServer, namespace: 'product-staging' }] }),
    application: application((spec) => { spec['syncPolicy'] = { syncOptions: ['CreateNamespace=true'] }; }), objects: [configMap],
    refusals: [{ what: 'kind', atSync: true, reason: 'cluster-scoped Namespace "product-staging" (CreateNamespace=true) is not permitted' }],
  },
  {
    title: 'valid: autoCreateNamespace, the Namespace of CreateNamespace=true permitted by name',
    application: application((spec) => { spec['syncPolicy'] = { syncOptions: ['CreateNamespace=true'] }; }), objects: [configMap], refusals: [],
  },
  {
    title: 'valid: SyncOptions.HasOption is exact, `CreateNamespace=True` adds no Namespace task',
    project: project({ sourceRepos: [repo], destinations: [{ server: inClusterServer, namespace: 'product-staging' }] }),
    application: application((spec) => { spec['syncPolicy'] = { syncOptions: ['CreateNamespace=True'] }; }), objects: [configMap], refusals: [],
  },
  {
    title: 'valid: a kind of unknown scope that both readings permit',
    application: application(), objects: [obj('example.com/v1', 'Widget', 'w')],
    project: project({ sourceRepos: [repo], destinations: [{ server: inClusterServer, namespace: 'product-staging' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] }),
    refusals: [],
  },
  {
    title: 'invalid: a kind of unknown scope that both readings refuse',
    application: application(), objects: [obj('example.com/v1', 'Widget', 'w')],
    refusals: [{ what: 'kind', atSync: true, reason: 'Widget.example.com "w" is not permitted by AppProject "team" (namespaced or cluster-scoped)' }],
  },
];

describe('projectDecision', () => {
  it.each(decisionCases)('$title', (testCase) => {
    const { application: app, objects, options, refusals } = testCase;
    // A case without `project` uses the team project; `project: undefined` means none exists.
    const projectObject = 'project' in testCase ? testCase.project : team;
    const actual = projectDecision(projectObject, app, objects, scopes, options);
    expect(actual.map((refusal) => refusal.what)).toEqual(refusals.map((refusal) => refusal.what));
    refusals.forEach((expected, index) => {
      const got = actual[index];
      expect(got?.reason).toContain(expected.reason);
      if (expected.field !== undefined) expect(got?.field).toBe(expected.field);
      expect(got?.atSync).toBe(expected.atSync);
    });
  });

  it('the object of a kind refusal is the rendered object (the rule locates it)', () => {
    const role = obj('rbac.authorization.k8s.io/v1', 'Role', 'reader');
    expect(projectDecision(team, application(), [role], scopes)[0]?.object).toBe(role);
  });
});
