import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandApplicationSet, sanitizeName, type ApplicationSetContext } from '../scripts/argocd/applicationset.ts';
import { modelCluster, type RenderFunction } from '../scripts/argocd/index.ts';
import type { KubeObject } from '../scripts/core/manifest.ts';

const thisRepo = 'https://github.com/acme/gitops.git';
let repoRoot: string;
let context: ApplicationSetContext;

/** A working tree like the ones the git generator docs use: apps/<name>, a hidden and an ignored directory, cluster config files. */
beforeAll(() => {
  repoRoot = mkdtempSync(path.join(tmpdir(), 'appset-'));
  execFileSync('git', ['init', '-q', repoRoot]);
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(repoRoot, file)), { recursive: true });
    writeFileSync(path.join(repoRoot, file), text);
  };
  write('apps/guestbook/kustomization.yaml', 'resources: []\n');
  write('apps/helm-guestbook/Chart.yaml', 'name: x\n');
  write('apps/excluded/kustomization.yaml', 'resources: []\n');
  write('apps/.hidden/x.yaml', 'a: 1\n');
  write('node_modules/pkg/index.js', '');
  write('.gitignore', 'node_modules/\n');
  write('cluster-config/engineering/dev/config.json', JSON.stringify({ aws_account: '123456', asset_id: '11223344', cluster: { owner: 'cluster-admin@company.com', name: 'engineering-dev', address: 'https://1.2.3.4' } }));
  write('cluster-config/engineering/prod/config.json', JSON.stringify({ aws_account: '123456', asset_id: '11223344', cluster: { owner: 'cluster-admin@company.com', name: 'engineering-prod', address: 'https://1.2.3.5' } }));
  write('cluster-config/list/config.yaml', '- name: one\n- name: two\n');
  context = { repoRoot, isThisRepository: (url) => url === thisRepo };
});

afterAll(() => rmSync(repoRoot, { recursive: true, force: true }));

function appSet(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'guestbook', namespace: 'argocd' }, spec };
}

const template = {
  metadata: { name: '{{cluster}}-guestbook' },
  spec: { project: 'default', source: { repoURL: thisRepo, targetRevision: 'HEAD', path: 'guestbook/{{cluster}}' }, destination: { server: '{{url}}', namespace: 'guestbook' } },
};

function names(applications: readonly KubeObject[]): string[] {
  return applications.map((application) => application.metadata.name ?? '');
}

function spec(application: KubeObject | undefined): Record<string, Record<string, unknown>> {
  return (application?.['spec'] ?? {}) as Record<string, Record<string, unknown>>;
}

describe('ListGenerator.GenerateParams and Render.Replace (fasttemplate)', () => {
  it('renders each element into the template; the namespace is the ApplicationSet\'s and the resources finalizer is added (RenderTemplateParams)', () => {
    const result = expandApplicationSet(
      appSet({ generators: [{ list: { elements: [{ cluster: 'engineering-dev', url: 'https://1.2.3.4' }, { cluster: 'engineering-prod', url: 'https://2.4.6.8' }] } }], template: { ...template, metadata: { name: '{{cluster}}-guestbook', namespace: 'elsewhere' } } }),
      context,
    );
    expect(result.notes).toEqual([]);
    expect(names(result.applications)).toEqual(['engineering-dev-guestbook', 'engineering-prod-guestbook']);
    expect(spec(result.applications[1]).destination).toEqual({ server: 'https://2.4.6.8', namespace: 'guestbook' });
    expect(result.applications[0]?.metadata).toMatchObject({ namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    expect(result.applications[0]?.kind).toBe('Application');
  });

  it('keeps an unknown tag as written and replaces `{{ key }}` with spaces (fasttemplate ExecuteFuncString)', () => {
    const result = expandApplicationSet(appSet({ generators: [{ list: { elements: [{ cluster: 'dev', url: 'u' }] } }], template: { ...template, metadata: { name: '{{ cluster }}-{{unknown}}' } } }), context);
    expect(names(result.applications)).toEqual(['dev-{{unknown}}']);
  });

  it('no finalizer when syncPolicy.preserveResourcesOnDeletion is true (RenderTemplateParams)', () => {
    const result = expandApplicationSet(appSet({ syncPolicy: { preserveResourcesOnDeletion: true }, generators: [{ list: { elements: [{ cluster: 'dev', url: 'u' }] } }], template }), context);
    expect(result.applications[0]?.metadata['finalizers']).toBeUndefined();
  });

  it('a non-string element value without goTemplate is an error: no Application at all (ListGenerator "error parsing value as string")', () => {
    const result = expandApplicationSet(appSet({ generators: [{ list: { elements: [{ cluster: 'dev', url: 'u', replicas: 3 }] } }], template }), context);
    expect(result.applications).toEqual([]);
    expect(result.notes).toEqual([expect.stringMatching(/ApplicationSet "guestbook": error parsing value as string \(replicas\).*ErrorOccurred/)]);
  });

  it('`values` of an element become `values.<key>` parameters, and elementsYaml is appended', () => {
    const result = expandApplicationSet(
      appSet({ generators: [{ list: { elements: [{ cluster: 'dev', url: 'u', values: { tier: 'gold' } }], elementsYaml: '- cluster: staging\n  url: v\n' } }], template: { ...template, metadata: { name: '{{cluster}}-{{values.tier}}' } } }),
      context,
    );
    expect(names(result.applications)).toEqual(['dev-gold', 'staging-{{values.tier}}']);
  });
});

describe('Render.Replace with goTemplate', () => {
  const goTemplateSpec = { metadata: { name: '{{ .cluster.name | lower }}-{{ .replicas }}' }, spec: { project: 'default', destination: { server: '{{ index .urls 1 }}', namespace: '{{ .missing }}' } } };

  it('reads nested fields, index and pipelines; a missing key prints "<no value>" by default (text/template)', () => {
    const result = expandApplicationSet(appSet({ goTemplate: true, generators: [{ list: { elements: [{ cluster: { name: 'Dev' }, replicas: 3, urls: ['a', 'b'] }] } }], template: goTemplateSpec }), context);
    expect(result.notes).toEqual([]);
    expect(names(result.applications)).toEqual(['dev-3']);
    expect(spec(result.applications[0]).destination).toEqual({ server: 'b', namespace: '<no value>' });
  });

  it('goTemplateOptions missingkey=error: the render fails and the ApplicationSet changes nothing (GenerateApplications firstError)', () => {
    const result = expandApplicationSet(appSet({ goTemplate: true, goTemplateOptions: ['missingkey=error'], generators: [{ list: { elements: [{ cluster: { name: 'Dev' }, replicas: 3, urls: ['a', 'b'] }] } }], template: goTemplateSpec }), context);
    expect(result.applications).toEqual([]);
    expect(result.notes).toEqual([expect.stringMatching(/map has no entry for key "missing".*ErrorOccurred/)]);
  });

  it('a control structure is not modelled, and says so', () => {
    const result = expandApplicationSet(appSet({ goTemplate: true, generators: [{ list: { elements: [{ a: 'x' }] } }], template: { metadata: { name: '{{ if .a }}x{{ end }}' } } }), context);
    expect(result.applications).toEqual([]);
    expect(result.notes).toEqual([expect.stringMatching(/Go template action \{\{ if \.a \}\} is not modelled/)]);
  });

  it('templatePatch is rendered with the parameters and merged into the Application (renderTemplatePatch)', () => {
    const result = expandApplicationSet(
      appSet({ goTemplate: true, generators: [{ list: { elements: [{ cluster: 'dev', auto: 'yes' }] } }], template: { metadata: { name: '{{ .cluster }}' }, spec: { project: 'p' } }, templatePatch: 'spec:\n  syncPolicy:\n    automated:\n      prune: true\n  destination:\n    name: "{{ .cluster }}"\n' }),
      context,
    );
    expect(spec(result.applications[0])).toEqual({ project: 'p', syncPolicy: { automated: { prune: true } }, destination: { name: 'dev' } });
  });
});

describe('ClusterGenerator.GenerateParams', () => {
  const clusterTemplate = { metadata: { name: '{{name}}-guestbook', labels: { env: '{{metadata.labels.env}}' } }, spec: { destination: { server: '{{server}}', namespace: '{{values.ns}}' } } };

  it('with an empty selector, the local cluster: name in-cluster, server https://kubernetes.default.svc; values templated with its parameters', () => {
    const result = expandApplicationSet(appSet({ generators: [{ clusters: { values: { ns: '{{nameNormalized}}-ns' } } }], template: clusterTemplate }), context);
    expect(names(result.applications)).toEqual(['in-cluster-guestbook']);
    expect(spec(result.applications[0]).destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'in-cluster-ns' });
  });

  it('cluster secrets from the repository: labels as metadata.labels.<key>, nameNormalized sanitized; a selector drops the local cluster and says what cannot be known', () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'argocd', labels: { 'argocd.argoproj.io/secret-type': 'cluster', env: 'prod' } },
      stringData: { name: 'Prod_East', server: 'https://prod.example.com' },
    };
    const withSecret = { ...context, clusterSecrets: [secret] };
    const all = expandApplicationSet(appSet({ generators: [{ clusters: { values: { ns: '{{nameNormalized}}' } } }], template: clusterTemplate }), withSecret);
    expect(names(all.applications)).toEqual(['Prod_East-guestbook', 'in-cluster-guestbook']);
    expect(all.applications[0]?.metadata['labels']).toEqual({ env: 'prod' });
    expect(spec(all.applications[0]).destination).toEqual({ server: 'https://prod.example.com', namespace: 'prod-east' });
    const selected = expandApplicationSet(appSet({ generators: [{ clusters: { selector: { matchLabels: { env: 'staging' } } } }], template: clusterTemplate }), withSecret);
    expect(selected.applications).toEqual([]);
    expect(selected.notes).toEqual([expect.stringMatching(/clusters generator with a selector: only cluster secrets rendered from this repository are matched \(0\)/)]);
  });

  it('goTemplate: metadata as a map; flatList gathers every cluster under `clusters`', () => {
    const result = expandApplicationSet(appSet({ goTemplate: true, generators: [{ clusters: { flatList: true } }], template: { metadata: { name: 'all-{{ (index .clusters 0).name }}' } } }), context);
    // A parenthesised argument is outside the modelled subset: said, not guessed.
    expect(result.notes).toEqual([expect.stringMatching(/is not modelled/)]);
    const flat = expandApplicationSet(appSet({ goTemplate: true, generators: [{ clusters: { flatList: true } }], template: { metadata: { name: 'all' }, spec: { info: '{{ .clusters }}' } } }), context);
    expect(spec(flat.applications[0])['info']).toBe('[map[name:in-cluster nameNormalized:in-cluster project: server:https://kubernetes.default.svc]]');
  });
});

describe('GitGenerator directories (generateParamsForGitDirectories, filterApps, GetGitDirectories)', () => {
  const dirTemplate = { metadata: { name: '{{path.basename}}' }, spec: { source: { repoURL: thisRepo, path: '{{path}}' }, destination: { namespace: '{{path[0]}}-{{path.basenameNormalized}}' } } };

  it('path.Match over every non-hidden directory, exclude wins; path, path.basename, path.basenameNormalized, path[N]', () => {
    const result = expandApplicationSet(appSet({ generators: [{ git: { repoURL: thisRepo, revision: 'HEAD', directories: [{ path: 'apps/*' }, { path: 'apps/excluded', exclude: true }] } }], template: dirTemplate }), context);
    expect(result.notes).toEqual([]);
    expect(names(result.applications)).toEqual(['guestbook', 'helm-guestbook']);
    expect(spec(result.applications[1]).destination).toEqual({ namespace: 'apps-helm-guestbook' });
  });

  it('`*` never crosses `/` and git-ignored directories are not in a clone', () => {
    const result = expandApplicationSet(appSet({ generators: [{ git: { repoURL: thisRepo, directories: [{ path: '*' }] } }], template: dirTemplate }), context);
    expect(names(result.applications)).toEqual(['apps', 'cluster-config']);
  });

  it('goTemplate: .path.path, .path.segments, pathParamPrefix', () => {
    const result = expandApplicationSet(
      appSet({ goTemplate: true, generators: [{ git: { repoURL: thisRepo, pathParamPrefix: 'app', directories: [{ path: 'apps/guestbook' }] } }], template: { metadata: { name: '{{ index .app.path.segments 1 }}' }, spec: { source: { path: '{{ .app.path.path }}' } } } }),
      context,
    );
    expect(names(result.applications)).toEqual(['guestbook']);
    expect(spec(result.applications[0]).source).toEqual({ path: 'apps/guestbook' });
  });

  it('another repository is not read, and says so', () => {
    const result = expandApplicationSet(appSet({ generators: [{ git: { repoURL: 'https://github.com/other/repo.git', directories: [{ path: '*' }] } }], template: dirTemplate }), context);
    expect(result.applications).toEqual([]);
    expect(result.notes).toEqual([expect.stringMatching(/repoURL "https:\/\/github.com\/other\/repo.git" is not this repository/)]);
  });

  it.each(['../*', '/etc', 'apps/../../x', ':(top)*'])('a path that could leave the repository is refused: %s', (pattern) => {
    const result = expandApplicationSet(appSet({ generators: [{ git: { repoURL: thisRepo, files: [{ path: pattern }] } }], template: dirTemplate }), context);
    expect(result.applications).toEqual([]);
    expect(result.notes).toEqual([expect.stringMatching(/is refused by this model/)]);
    const directories = expandApplicationSet(appSet({ generators: [{ git: { repoURL: thisRepo, directories: [{ path: pattern }] } }], template: dirTemplate }), context);
    expect(directories.notes).toEqual([expect.stringMatching(/is refused by this model/)]);
  });
});

describe('GitGenerator files (generateParamsForGitFiles, generateParamsFromGitFile)', () => {
  it('a file that is a symlink to outside the repository is refused, not read', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'appset-link-'));
    const outside = mkdtempSync(path.join(tmpdir(), 'appset-outside-'));
    try {
      execFileSync('git', ['init', '-q', dir]);
      writeFileSync(path.join(outside, 'secret.json'), '{"token":"x"}');
      symlinkSync(path.join(outside, 'secret.json'), path.join(dir, 'config.json'));
      const result = expandApplicationSet(appSet({ generators: [{ git: { repoURL: thisRepo, files: [{ path: '*.json' }] } }], template: { metadata: { name: '{{token}}' } } }), { ...context, repoRoot: dir });
      expect(result.applications).toEqual([]);
      expect(result.notes).toEqual([expect.stringMatching(/config.json resolves outside the repository; refused/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('JSON flattened into `key.sub` parameters with path, path.basename, path.filename, path[N]', () => {
    const result = expandApplicationSet(
      appSet({ generators: [{ git: { repoURL: thisRepo, files: [{ path: 'cluster-config/**/config.json' }], values: { owner: '{{cluster.owner}}' } } }], template: { metadata: { name: '{{cluster.name}}' }, spec: { destination: { server: '{{cluster.address}}', namespace: '{{path[1]}}-{{path.basename}}' }, info: '{{path.filename}} {{values.owner}} {{aws_account}}' } } }),
      context,
    );
    expect(result.notes).toEqual([]);
    expect(names(result.applications)).toEqual(['engineering-dev', 'engineering-prod']);
    expect(spec(result.applications[0]).destination).toEqual({ server: 'https://1.2.3.4', namespace: 'engineering-dev' });
    expect(spec(result.applications[0])['info']).toBe('config.json cluster-admin@company.com 123456');
  });

  it('a YAML list in a file gives one parameter set per item; exclude removes files; goTemplate keeps the object nested', () => {
    const result = expandApplicationSet(
      appSet({ goTemplate: true, generators: [{ git: { repoURL: thisRepo, files: [{ path: 'cluster-config/*/config.yaml' }, { path: 'cluster-config/engineering/**', exclude: true }] } }], template: { metadata: { name: '{{ .name }}-{{ .path.basename }}' }, spec: { info: '{{ .path.filenameNormalized }}' } } }),
      context,
    );
    expect(names(result.applications)).toEqual(['one-list', 'two-list']);
    expect(spec(result.applications[0])['info']).toBe('config.yaml');
  });
});

describe('MatrixGenerator and MergeGenerator', () => {
  it('matrix of git directories × list: every combination, the list interpolated with the directory parameters', () => {
    const result = expandApplicationSet(
      appSet({
        generators: [{ matrix: { generators: [{ git: { repoURL: thisRepo, directories: [{ path: 'apps/*' }, { path: 'apps/excluded', exclude: true }] } }, { list: { elements: [{ cluster: 'dev', ns: '{{path.basename}}-dev' }, { cluster: 'prod', ns: '{{path.basename}}-prod' }] } }] } }],
        template: { metadata: { name: '{{path.basename}}-{{cluster}}' }, spec: { destination: { namespace: '{{ns}}' } } },
      }),
      context,
    );
    expect(result.notes).toEqual([]);
    expect(names(result.applications)).toEqual(['guestbook-dev', 'guestbook-prod', 'helm-guestbook-dev', 'helm-guestbook-prod']);
    expect(spec(result.applications[3]).destination).toEqual({ namespace: 'helm-guestbook-prod' });
  });

  it('matrix: the same key with different values is an error (utils.CombineStringMaps); one generator is too few', () => {
    const clash = expandApplicationSet(appSet({ generators: [{ matrix: { generators: [{ list: { elements: [{ a: '1' }] } }, { list: { elements: [{ a: '2' }] } }] } }], template }), context);
    expect(clash.notes).toEqual([expect.stringMatching(/found duplicate key a with different value/)]);
    const few = expandApplicationSet(appSet({ generators: [{ matrix: { generators: [{ list: { elements: [{ a: '1' }] } }] } }], template }), context);
    expect(few.notes).toEqual([expect.stringMatching(/less than two generators/)]);
  });

  it('merge by mergeKeys: the first generator\'s sets, overridden where the keys match; unmatched sets of later generators are dropped', () => {
    const result = expandApplicationSet(
      appSet({
        generators: [{ merge: { mergeKeys: ['server'], generators: [{ clusters: { values: { kafka: 'true', redis: 'false' } } }, { list: { elements: [{ server: 'https://kubernetes.default.svc', 'values.redis': 'true' }, { server: 'https://other', 'values.redis': 'x' }] } }] } }],
        template: { metadata: { name: '{{name}}' }, spec: { info: 'kafka={{values.kafka}} redis={{values.redis}}' } },
      }),
      context,
    );
    expect(result.notes).toEqual([]);
    expect(names(result.applications)).toEqual(['in-cluster']);
    expect(spec(result.applications[0])['info']).toBe('kafka=true redis=true');
  });

  it('merge: duplicate merge keys in one generator are an error (getParamSetsByMergeKey)', () => {
    const result = expandApplicationSet(appSet({ generators: [{ merge: { mergeKeys: ['a'], generators: [{ list: { elements: [{ a: '1' }, { a: '1' }] } }, { list: { elements: [] } }] } }], template }), context);
    expect(result.notes).toEqual([expect.stringMatching(/not unique by the given mergeKeys/)]);
  });
});

describe('limits and generators that cannot be modelled offline', () => {
  it('caps the Applications of one ApplicationSet, with a note', () => {
    const elements = Array.from({ length: 600 }, (_, index) => ({ cluster: `c${String(index)}`, url: 'u' }));
    const result = expandApplicationSet(appSet({ generators: [{ list: { elements } }], template }), context);
    expect(result.applications).toHaveLength(500);
    expect(result.notes).toEqual(['ApplicationSet "guestbook": more than 500 Applications generated; only the first 500 are modelled']);
  });

  it.each(['scmProvider', 'pullRequest', 'clusterDecisionResource', 'plugin'])('%s produces a note, never a silent skip', (kind) => {
    const result = expandApplicationSet(appSet({ generators: [{ [kind]: {} }, { list: { elements: [{ cluster: 'dev', url: 'u' }] } }], template }), context);
    expect(result.applications).toEqual([]);
    expect(result.notes).toEqual([expect.stringMatching(new RegExp(`the ${kind} generator .*not modelled offline`))]);
  });

  it('a generator selector filters parameter sets (Transform)', () => {
    const result = expandApplicationSet(appSet({ generators: [{ list: { elements: [{ cluster: 'dev', url: 'u' }, { cluster: 'prod', url: 'v' }] }, selector: { matchExpressions: [{ key: 'cluster', operator: 'In', values: ['prod'] }] } }], template }), context);
    expect(names(result.applications)).toEqual(['prod-guestbook']);
  });

  it('utils.SanitizeName', () => {
    expect(sanitizeName('-Engineering_Dev.')).toBe('engineering-dev');
  });
});

describe('the model follows what an ApplicationSet generates (modelCluster)', () => {
  it('an ApplicationSet declared by the root Application: its git generator reads this repository (the root\'s repoURL), its Applications are rendered', async () => {
    const root: KubeObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'root', namespace: 'argocd' }, spec: { project: 'platform', source: { repoURL: thisRepo, path: 'apps' }, destination: { server: 'https://kubernetes.default.svc', namespace: 'argocd' } } };
    const set = appSet({
      generators: [{ git: { repoURL: thisRepo.toUpperCase().replace('.GIT', ''), directories: [{ path: 'apps/*' }, { path: 'apps/excluded', exclude: true }] } }],
      template: { metadata: { name: '{{path.basename}}' }, spec: { project: 'platform', source: { repoURL: thisRepo, path: '{{path}}' }, destination: { server: 'https://kubernetes.default.svc', namespace: '{{path.basename}}' } } },
    });
    const configMap = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const byDirectory: Record<string, KubeObject[]> = { 'clusters/dev': [root], apps: [set], 'apps/guestbook': [configMap('a')], 'apps/helm-guestbook': [configMap('b')] };
    const render: RenderFunction = (directory) => Promise.resolve({ objects: byDirectory[path.relative(repoRoot, directory)] ?? [] });
    const model = await modelCluster({ repoRoot, environment: 'dev', render });
    expect(model.unmodelled).toEqual([]);
    expect(model.applications.map((application) => [application.name, application.destination.namespace, application.cascadeFinalizer, application.objects.map((object) => object.key.name)])).toEqual([
      ['guestbook', 'guestbook', true, ['a']],
      ['helm-guestbook', 'helm-guestbook', true, ['b']],
    ]);
  });
});

describe('values as Go prints them, and the template the controller starts from', () => {
  it('numbers are float64 printed with %v (1e+06), YAML read as sigs.k8s.io/yaml (1.1: yes is true) — generateParamsFromGitFile flatten', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'appset-numbers-'));
    try {
      execFileSync('git', ['init', '-q', dir]);
      writeFileSync(path.join(dir, 'config.yaml'), 'name: big\nlimit: 1000000\nport: 8080\nratio: 0.00001\nenabled: yes\n');
      const result = expandApplicationSet(appSet({ generators: [{ git: { repoURL: thisRepo, files: [{ path: '*.yaml' }] } }], template: { metadata: { name: '{{name}}' }, spec: { info: '{{limit}} {{port}} {{ratio}} {{enabled}} {{path}}' } } }), { ...context, repoRoot: dir });
      expect(result.notes).toEqual([]);
      expect(spec(result.applications[0])['info']).toBe('1e+06 8080 1e-05 true .');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a generator\'s own template wins over the ApplicationSet\'s, whose fields fill what it leaves empty (mergeGeneratorTemplate); metadata other than name, namespace, labels, annotations, finalizers is dropped (GetTempApplication)', () => {
    const result = expandApplicationSet(
      appSet({
        generators: [{ list: { elements: [{ cluster: 'dev', url: 'u' }] }, template: { metadata: { name: 'own-{{cluster}}' }, spec: { project: 'own' } } }],
        template: { metadata: { name: '{{cluster}}', labels: { team: 'a' }, ownerReferences: [{ name: 'x' }] }, spec: { project: 'default', destination: { server: '{{url}}' } } },
      }),
      context,
    );
    expect(result.applications[0]?.metadata).toEqual({ name: 'own-dev', labels: { team: 'a' }, namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] });
    expect(spec(result.applications[0])).toEqual({ project: 'own', destination: { server: 'u' } });
  });
});
