import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateSchemas } from '../scripts/schemas/generate.ts';
import { type SchemaFinding, type SchemaValidator, createSchemaValidator } from '../scripts/validate/index.ts';
import { compilePersisted } from '../scripts/validate/persisted-compile.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const temporaryDirs: string[] = [];
function temporaryDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'validate-schema-test-'));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

const V = '1.36';
let validator: SchemaValidator;
beforeAll(() => {
  validator = createSchemaValidator({ cacheDir: temporaryDir() });
});

type Json = Record<string, unknown>;

function deployment(podSpec: Json, spec: Json = {}): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: podSpec },
      ...spec,
    },
  };
}

const webContainer: Json = {
  name: 'web',
  image: 'registry.example.com/web:1.4.2',
  ports: [{ name: 'http', containerPort: 8080 }],
  env: [{ name: 'LOG_LEVEL', value: 'info' }],
  resources: { requests: { cpu: '500m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  readinessProbe: { httpGet: { path: '/healthz', port: 'http' } },
};

/** Pointer and message of each finding, the shape most assertions compare. */
function summarize(findings: SchemaFinding[]): { pointer: string; message: string }[] {
  return findings.map(({ pointer, message }) => ({ pointer, message }));
}

describe('valid manifests produce no findings', () => {
  const valid: Record<string, Json> = {
    Deployment: deployment({ containers: [webContainer] }, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } }),
    Service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'https', port: 443, targetPort: 8443 }] },
    },
    StatefulSet: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'postgres', image: 'postgres:17', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } }],
      },
    },
    HorizontalPodAutoscaler: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
    NetworkPolicy: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web' },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 'http' }, { port: 8080 }] }],
      },
    },
    Ingress: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'web-tls' }],
        rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }],
      },
    },
    CronJob: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'backup' },
      spec: {
        schedule: '0 3 * * *',
        concurrencyPolicy: 'Forbid',
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'backup', image: 'backup:1', args: ['--all'] }] } } } },
      },
    },
    PersistentVolumeClaim: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'models' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '100Gi' } } },
    },
    ConfigMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { 'app.yaml': 'a: 1\n' }, binaryData: { blob: 'aGVsbG8=' } },
  };
  for (const [kind, object] of Object.entries(valid)) {
    it(kind, () => expect(validator.validate(object, V)).toEqual([]));
  }
});

describe('unknown fields', () => {
  it('are rejected at the field itself, with a did-you-mean', () => {
    const findings = validator.validate(deployment({ containers: [{ ...webContainer, resource: {} }] }), V);
    expect(summarize(findings)).toEqual([
      { pointer: '/spec/template/spec/containers/0/resource', message: 'unknown field "resource" (did you mean "resources"?)' },
    ]);
    expect(findings[0]!.keyword).toBe('additionalProperties');
  });

  it('in metadata and at the root', () => {
    const object = { ...deployment({ containers: [webContainer] }), status2: {}, metadata: { name: 'web', lables: { a: 'b' } } };
    expect(summarize(validator.validate(object, V))).toEqual([
      { pointer: '/metadata/lables', message: 'unknown field "lables" (did you mean "labels"?)' },
      { pointer: '/status2', message: 'unknown field "status2" (did you mean "status"?)' },
    ]);
  });
});

describe('types', () => {
  it('a quoted number where an integer is expected', () => {
    const findings = validator.validate(deployment({ containers: [webContainer] }, { replicas: '3' }), V);
    expect(summarize(findings)).toEqual([{ pointer: '/spec/replicas', message: 'expected integer, got string "3"' }]);
    expect(findings[0]!.keyword).toBe('type');
  });

  it('keeps keyword and params so a caller can explain a YAML 1.1 boolean', () => {
    const container = { ...webContainer, env: [{ name: 'FEATURE', value: true }] };
    const [finding] = validator.validate(deployment({ containers: [container] }), V);
    expect(finding).toMatchObject({ pointer: '/spec/template/spec/containers/0/env/0/value', keyword: 'type', message: 'expected string, got boolean true' });
    expect(String(finding!.params?.['type'])).toContain('string');
  });

  it('formats: int32 range; base64 Secret data, without echoing the secret', () => {
    const findings = validator.validate(deployment({ containers: [webContainer] }, { replicas: 3_000_000_000 }), V);
    expect(summarize(findings)).toEqual([
      { pointer: '/spec/replicas', message: 'must be a 32-bit integer (-2147483648 to 2147483647), got integer 3000000000' },
    ]);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { ok: 'aGVsbG8=', password: 'hunter2!' }, stringData: { pin: 1234 } };
    expect(summarize(validator.validate(secret, V))).toEqual([
      { pointer: '/data/password', message: 'must be base64-encoded data (plain text goes under stringData)' },
      { pointer: '/stringData/pin', message: 'expected string, got an integer' },
    ]);
  });
});

describe('list-map keys are unique', () => {
  it('two containers with the same name', () => {
    const findings = validator.validate(deployment({ containers: [webContainer, { name: 'web', image: 'sidecar:1' }] }), V);
    expect(summarize(findings)).toEqual([
      { pointer: '/spec/template/spec/containers/1/name', message: 'duplicate entry: name "web" already used at index 0' },
    ]);
    expect(findings[0]!.params).toMatchObject({ duplicate: 1, original: 0 });
  });

  it('two env vars with the same name', () => {
    const container = { ...webContainer, env: [{ name: 'FOO', value: 'a' }, { name: 'BAR', value: 'b' }, { name: 'FOO', value: 'c' }] };
    expect(summarize(validator.validate(deployment({ containers: [container] }), V))).toEqual([
      { pointer: '/spec/template/spec/containers/0/env/2/name', message: 'duplicate entry: name "FOO" already used at index 0' },
    ]);
  });

  it('two ports with the same containerPort, one relying on the default protocol TCP', () => {
    const container = { ...webContainer, ports: [{ containerPort: 8080 }, { containerPort: 8080, protocol: 'UDP' }, { containerPort: 8080, protocol: 'TCP', name: 'again' }] };
    expect(summarize(validator.validate(deployment({ containers: [container] }), V))).toEqual([
      { pointer: '/spec/template/spec/containers/0/ports/2/containerPort', message: 'duplicate entry: containerPort 8080, protocol "TCP" already used at index 0' },
    ]);
  });

  it('service ports by port and protocol; a set (finalizers) by value', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', finalizers: ['a', 'b', 'a'] },
      spec: { ports: [{ port: 80, protocol: 'TCP' }, { port: 80 }] },
    };
    expect(summarize(validator.validate(service, V))).toEqual([
      { pointer: '/metadata/finalizers/2', message: 'duplicate entry: "a" already used at index 0' },
      { pointer: '/spec/ports/1/port', message: 'duplicate entry: port 80, protocol "TCP" (default) already used at index 0' },
    ]);
  });
});

describe('quantities', () => {
  it('reject "1 Gi"', () => {
    const container = { ...webContainer, resources: { limits: { cpu: '1 Gi' } } };
    const findings = validator.validate(deployment({ containers: [container] }), V);
    expect(summarize(findings)).toEqual([
      { pointer: '/spec/template/spec/containers/0/resources/limits/cpu', message: 'must be a Kubernetes quantity such as 500m, 0.5 or 1Gi, got "1 Gi"' },
    ]);
  });

  it.each([['500m'], ['0.5'], ['1'], ['1Gi'], ['1e3'], [0.5], [1]])('accept %j', (cpu) => {
    const container = { ...webContainer, resources: { requests: { cpu, memory: '1Gi' } } };
    expect(validator.validate(deployment({ containers: [container] }), V)).toEqual([]);
  });

  it.each([['abc'], ['1GB'], ['1K'], ['']])('reject %j', (cpu) => {
    const container = { ...webContainer, resources: { requests: { cpu } } };
    expect(validator.validate(deployment({ containers: [container] }), V)).toHaveLength(1);
  });
});

describe('int-or-string', () => {
  const rolling = (value: unknown): Json =>
    deployment({ containers: [webContainer] }, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: value } } });

  it('rejects maxSurge: abc', () => {
    expect(summarize(validator.validate(rolling('abc'), V))).toEqual([
      { pointer: '/spec/strategy/rollingUpdate/maxSurge', message: 'must be an integer or a percentage such as 25%, got "abc"' },
    ]);
  });

  it('rejects a quoted number, as the API does (IsValidPercent)', () => {
    expect(summarize(validator.validate(rolling('1'), V))[0]!.message).toBe(
      'must be an integer or a percentage such as 25%, got "1" (for a number, write it without quotes)',
    );
  });

  it.each([['25%'], [1], [0]])('accepts maxSurge: %j', (value) => {
    expect(validator.validate(rolling(value), V)).toEqual([]);
  });

  it('accepts a named targetPort and rejects one that is not a port name', () => {
    const service = (targetPort: unknown): Json => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80, targetPort }] } });
    expect(validator.validate(service('http'), V)).toEqual([]);
    expect(validator.validate(service(8080), V)).toEqual([]);
    expect(summarize(validator.validate(service('HTTP_PORT'), V))).toEqual([
      {
        pointer: '/spec/ports/0/targetPort',
        message: 'must be a port number or a port name (1-15 lowercase letters, digits and "-", with at least one letter), got "HTTP_PORT"',
      },
    ]);
  });
});

describe('null', () => {
  it('is accepted on an optional field (the API decodes it as unset)', () => {
    const object = deployment({ containers: [{ ...webContainer, resources: null }] }, { strategy: { rollingUpdate: { maxSurge: null, maxUnavailable: null } }, replicas: null });
    expect(validator.validate(object, V)).toEqual([]);
  });

  it('is rejected on a required field', () => {
    expect(summarize(validator.validate(deployment({ containers: null }), V))).toEqual([
      { pointer: '/spec/template/spec/containers', message: 'must not be null (expected array)' },
    ]);
    expect(summarize(validator.validate(deployment({ containers: [{ ...webContainer, name: null }] }), V))).toEqual([
      { pointer: '/spec/template/spec/containers/0/name', message: 'must not be null (expected string)' },
    ]);
  });

  it('is rejected as a list item or a map value', () => {
    const object = deployment({ containers: [{ ...webContainer, args: ['--port', null] }] });
    expect(summarize(validator.validate(object, V))).toEqual([
      { pointer: '/spec/template/spec/containers/0/args/1', message: 'must not be null (expected string)' },
    ]);
    const withLabel = { ...deployment({ containers: [webContainer] }), metadata: { name: 'web', labels: { app: null } } };
    expect(summarize(validator.validate(withLabel, V))).toEqual([
      { pointer: '/metadata/labels/app', message: 'must not be null (expected string)' },
    ]);
  });
});

describe('identity', () => {
  const configMap = (metadata: Json): Json => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata });

  it('missing kind and apiVersion', () => {
    expect(summarize(validator.validate({ metadata: { name: 'x' } }, V))).toEqual([
      { pointer: '/apiVersion', message: 'missing required field "apiVersion"' },
      { pointer: '/kind', message: 'missing required field "kind"' },
    ]);
  });

  it('missing metadata, and metadata without name or generateName', () => {
    expect(summarize(validator.validate({ apiVersion: 'v1', kind: 'ConfigMap' }, V))).toEqual([
      { pointer: '/metadata', message: 'missing required field "metadata"' },
    ]);
    expect(summarize(validator.validate(configMap({ namespace: 'x' }), V))).toEqual([
      { pointer: '/metadata/name', message: 'missing required field "name" (or "generateName")' },
    ]);
    // Argo CD applies an object with only generateName as a hook; anything else kubectl apply refuses.
    expect(validator.validate(configMap({ generateName: 'settings-', annotations: { 'argocd.argoproj.io/hook': 'Sync' } }), V)).toEqual([]);
    expect(summarize(validator.validate(configMap({ generateName: 'settings-' }), V)).map((finding) => finding.pointer)).toEqual(['/metadata/generateName']);
  });

  it('not an object', () => {
    expect(summarize(validator.validate(['a'], V))).toEqual([{ pointer: '', message: 'expected an object with apiVersion and kind, got a list' }]);
  });

  it('a misspelled built-in kind is an error, never a missing schema', () => {
    const findings = validator.validate({ apiVersion: 'apps/v1', kind: 'Deploymnet', metadata: { name: 'x' } }, V);
    expect(findings).toEqual([
      expect.objectContaining({ pointer: '/kind', keyword: 'kind', message: 'unknown kind "Deploymnet" in apps/v1 (did you mean "Deployment"?)' }),
    ]);
    expect(findings[0]!.missingSchema).toBeUndefined();
  });

  it('a misspelled built-in group names the apiVersion meant', () => {
    expect(summarize(validator.validate({ apiVersion: 'app/v1', kind: 'Deployment', metadata: { name: 'x' } }, V))).toEqual([
      { pointer: '/apiVersion', message: 'unknown apiVersion "app/v1" for Deployment (did you mean "apps/v1"?)' },
    ]);
  });

  it('core/v1 is read as the core group, and an unserved version of a built-in group lists the served ones', () => {
    expect(summarize(validator.validate({ apiVersion: 'core/v1', kind: 'ConfigMap', metadata: { name: 'x' } }, V))).toEqual([
      { pointer: '/apiVersion', message: 'unknown apiVersion "core/v1" for ConfigMap (did you mean "v1"?)' },
    ]);
    expect(summarize(validator.validate({ apiVersion: 'apps/v2', kind: 'Deplyment', metadata: { name: 'x' } }, V))).toEqual([
      { pointer: '/apiVersion', message: 'apps/v2 is not served by Kubernetes 1.36 (served: apps/v1)' },
      { pointer: '/kind', message: 'unknown kind "Deplyment" (did you mean "Deployment"?)' },
    ]);
  });

  it.each([
    ['policy/v1beta1', 'PodDisruptionBudget', 'policy/v1beta1 PodDisruptionBudget is not served by Kubernetes 1.36 (removed in 1.25); use policy/v1'],
    ['extensions/v1beta1', 'Ingress', 'extensions/v1beta1 Ingress is not served by Kubernetes 1.36 (removed in 1.22); use networking.k8s.io/v1'],
    ['batch/v1beta1', 'CronJob', 'batch/v1beta1 CronJob is not served by Kubernetes 1.36 (removed in 1.25); use batch/v1'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'autoscaling/v2beta2 HorizontalPodAutoscaler is not served by Kubernetes 1.36 (removed in 1.26); use autoscaling/v2'],
    ['policy/v1beta1', 'PodSecurityPolicy', 'policy/v1beta1 PodSecurityPolicy is not served by Kubernetes 1.36 (removed in 1.25); use Pod Security Admission (pod-security.kubernetes.io/* namespace labels)'],
  ])('a removed apiVersion names its replacement: %s %s', (apiVersion, kind, message) => {
    expect(validator.validate({ apiVersion, kind, metadata: { name: 'x' } }, V)).toEqual([
      expect.objectContaining({ pointer: '/apiVersion', keyword: 'apiVersion', message }),
    ]);
  });

  it('a custom resource without a bundled CRD is a missing schema', () => {
    expect(validator.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'x' } }, V)).toEqual([
      {
        pointer: '',
        keyword: 'missingSchema',
        message: 'no schema for example.com/v1 Widget (add its CRD with npm run schemas -- crd.yaml, or pass --ignore-missing-schemas)',
        params: { apiVersion: 'example.com/v1', kind: 'Widget' },
        missingSchema: true,
      },
    ]);
  });

  it('an unbundled Kubernetes version is a usage error', () => {
    expect(() => validator.validate({}, '1.20')).toThrow(/not bundled \(bundled: 1\.33, 1\.34, 1\.35, 1\.36\)/);
    expect(validator.kubernetesVersions()).toEqual(['1.33', '1.34', '1.35', '1.36']);
  });
});

describe('per Kubernetes version', () => {
  const claim = {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { name: 'gpu' },
    spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } },
  };

  it('resource.k8s.io/v1 ResourceClaim is served by 1.36 but not 1.33', () => {
    expect(validator.validate(claim, '1.36')).toEqual([]);
    const [finding] = validator.validate(claim, '1.33');
    expect(finding).toMatchObject({ pointer: '/apiVersion', keyword: 'apiVersion' });
    expect(finding!.message).toMatch(/^resource\.k8s\.io\/v1 ResourceClaim is not served by Kubernetes 1\.33; use resource\.k8s\.io\/v1beta2$/);
  });
});

describe('custom resources', () => {
  const application = (spec: Json): Json => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'shop', namespace: 'argocd' }, spec });
  const validSpec: Json = {
    project: 'default',
    source: {
      repoURL: 'https://git.example.com/platform.git',
      targetRevision: 'main',
      path: 'overlays/prod',
      helm: { valuesObject: { anything: { goes: [1, 'two', { three: null }] } } },
    },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' },
    syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
  };

  it('a valid Argo CD Application, with arbitrary fields under preserve-unknown-fields', () => {
    expect(validator.validate(application(validSpec), V)).toEqual([]);
  });

  it('an invalid Argo CD Application', () => {
    const spec = { ...validSpec, destination: { server: 'https://kubernetes.default.svc', namspace: 'shop' }, syncPolicy: { automated: { prune: 'yes' } } };
    delete (spec as Json)['project'];
    expect(summarize(validator.validate(application(spec), V))).toEqual([
      { pointer: '/spec/destination/namspace', message: 'unknown field "namspace" (did you mean "namespace"?)' },
      { pointer: '/spec/project', message: 'missing required field "project"' },
      { pointer: '/spec/syncPolicy/automated/prune', message: 'expected boolean, got string "yes"' },
    ]);
  });

  it('a served version the CRD does not have names the one it does', () => {
    expect(summarize(validator.validate({ ...application(validSpec), apiVersion: 'argoproj.io/v1beta1' }, V))).toEqual([
      { pointer: '/apiVersion', message: 'argoproj.io/v1beta1 Application is not served by its CustomResourceDefinition; use argoproj.io/v1alpha1' },
    ]);
  });

  describe('real fields named description (the published CRDs and the API definitions keep them)', () => {
    const project = (spec: Json): Json => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'prod', namespace: 'argocd' }, spec });
    const roles = [{ name: 'deployer', description: 'May sync the prod Applications' }];
    const syncWindows = [{ kind: 'allow', schedule: '0 8 * * 1-5', duration: '10h', description: 'Office hours' }];

    it('AppProject spec, roles[] and syncWindows[] descriptions are accepted', () => {
      expect(validator.validate(project({ description: 'The product in prod', roles, syncWindows }), V)).toEqual([]);
    });

    it('an AppProject description of 256 characters breaks the CRD\'s maxLength of 255', () => {
      expect(validator.validate(project({ description: 'x'.repeat(255) }), V)).toEqual([]);
      expect(summarize(validator.validate(project({ description: 'x'.repeat(256) }), V))).toEqual([
        { pointer: '/spec/description', message: `must be at most 255 character(s) long, got "${'x'.repeat(57)}..."` },
      ]);
    });

    it('PriorityClass.description, and CRD schema, printer-column and externalDocs descriptions', () => {
      const priorityClass = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'llm' }, value: 1000, description: 'Inference first' };
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'gadgets.example.com' },
        spec: {
          group: 'example.com',
          names: { kind: 'Gadget', plural: 'gadgets' },
          scope: 'Namespaced',
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size', description: 'How big it is' }],
              schema: {
                openAPIV3Schema: {
                  description: 'A gadget',
                  externalDocs: { description: 'Guide', url: 'https://example.com/gadgets' },
                  type: 'object',
                  properties: { spec: { description: 'Desired state', type: 'object', properties: { size: { description: 'Size', type: 'integer' } } } },
                },
              },
            },
          ],
        },
      };
      for (const version of ['1.33', '1.34', '1.35', '1.36']) {
        expect(validator.validate(priorityClass, version)).toEqual([]);
        expect(validator.validate(crd, version)).toEqual([]);
      }
    });
  });

  const externalSecret = (spec: Json, status?: Json): Json => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'db' },
    spec,
    ...(status === undefined ? {} : { status }),
  });
  const secretSpec: Json = {
    refreshInterval: '1h',
    secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' },
    target: { name: 'db', creationPolicy: 'Owner' },
    data: [{ secretKey: 'password', remoteRef: { key: 'db/prod', property: 'password' } }],
  };

  it('a valid ExternalSecret, with nullable status.refreshTime set to null', () => {
    expect(validator.validate(externalSecret(secretSpec, { refreshTime: null }), V)).toEqual([]);
  });

  it('an invalid ExternalSecret', () => {
    const spec = { ...secretSpec, target: { name: 'db', creationPolicy: 'Sometimes' }, data: [{ secretKey: 'bad key', remoteRef: {} }] };
    expect(summarize(validator.validate(externalSecret(spec), V))).toEqual([
      { pointer: '/spec/data/0/remoteRef/key', message: 'missing required field "key"' },
      { pointer: '/spec/data/0/secretKey', message: 'must match the pattern ^[-._a-zA-Z0-9]+$, got "bad key"' },
      { pointer: '/spec/target/creationPolicy', message: 'must be one of: Owner, Orphan, Merge, None, CreateOrMerge (got "Sometimes")' },
    ]);
  });
});

describe('CRD semantics (fixture CRD added with npm run schemas -- FILE)', () => {
  let gadgets: SchemaValidator;
  beforeAll(() => {
    const schemasDir = temporaryDir();
    generateSchemas({
      repoRoot,
      sharedDir: path.resolve(repoRoot, '..', 'shared'),
      outDir: schemasDir,
      extraCrdFiles: [path.join(repoRoot, 'test', 'fixtures', 'schema', 'gadget-crd.yaml')],
      warn: () => {},
    });
    gadgets = createSchemaValidator({ schemasDir, cacheDir: false });
  });
  const gadget = (spec: Json): Json => ({ apiVersion: 'fixtures.test/v1', kind: 'Gadget', metadata: { name: 'g' }, spec });

  it('accepts a valid object, including open and embedded parts', () => {
    const spec = {
      owner: 'team',
      size: 3,
      tier: 'gold',
      aliases: ['a', null],
      tags: ['x', 'y'],
      ports: [{ port: 80 }, { port: 80, protocol: 'UDP' }],
      template: { apiVersion: 'v1', kind: 'ConfigMap', anything: { at: 'all' } },
      settings: { replicas: 2, extra: { free: true } },
      maxUnavailable: '10%',
      timeout: '30s',
      source: { git: 'https://example.com/repo.git' },
      createdAt: '2024-01-31T12:00:00Z',
      marker: {},
    };
    expect(gadgets.validate(gadget(spec), V)).toEqual([]);
  });

  it('honours nullable and the API server\'s pruning of nulls', () => {
    // nullable: kept and valid even where required; `tier` is required but has a default.
    expect(gadgets.validate(gadget({ owner: null, size: 1 }), V)).toEqual([]);
    // Not nullable: pruned from an optional field, a map value, a defaulted required field.
    expect(gadgets.validate(gadget({ owner: 'x', size: 1, tier: null, labels: { a: null }, createdAt: null }), V)).toEqual([]);
    // Pruned from a required field without default: then it is missing.
    expect(summarize(gadgets.validate(gadget({ owner: 'x', size: null }), V))).toEqual([
      { pointer: '/spec/size', message: 'must not be null (expected integer)' },
    ]);
  });

  it('rejects a null list item unless the items are nullable', () => {
    expect(summarize(gadgets.validate(gadget({ owner: 'x', size: 1, aliases: [null], tags: [null] }), V))).toEqual([
      { pointer: '/spec/tags/0', message: 'must not be null (expected string)' },
    ]);
  });

  it('checks declared fields under preserve-unknown-fields, and closes objects without properties', () => {
    expect(summarize(gadgets.validate(gadget({ owner: 'x', size: 1, settings: { replicas: 'two' }, marker: { stray: 1 } }), V))).toEqual([
      { pointer: '/spec/marker/stray', message: 'unknown field "stray"' },
      { pointer: '/spec/settings/replicas', message: 'expected integer, got string "two"' },
    ]);
  });

  it('list-map keys with a schema default, sets, bounds, formats, int-or-string and oneOf', () => {
    const spec = {
      owner: 'x',
      size: 10,
      tags: ['x', 'x'],
      ports: [{ port: 80, protocol: 'TCP' }, { port: 80 }],
      maxUnavailable: 'half',
      source: { git: 'a', image: 'b' },
      createdAt: 'yesterday',
    };
    expect(summarize(gadgets.validate(gadget(spec), V))).toEqual([
      { pointer: '/spec/createdAt', message: 'must be an RFC 3339 date-time such as 2024-01-31T12:00:00Z, got string "yesterday"' },
      { pointer: '/spec/maxUnavailable', message: 'must be an integer or a percentage such as 25%, got "half"' },
      { pointer: '/spec/ports/1/port', message: 'duplicate entry: port 80, protocol "TCP" (default) already used at index 0' },
      { pointer: '/spec/size', message: 'must be < 10, got 10' },
      { pointer: '/spec/source', message: 'must set only one of: "git", "image"' },
      { pointer: '/spec/tags/1', message: 'duplicate entry: "x" already used at index 0' },
    ]);
    expect(summarize(gadgets.validate(gadget({ owner: 'x', size: 1, source: {} }), V))).toEqual([
      { pointer: '/spec/source', message: 'must set one of: "git", "image"' },
    ]);
  });

  it('an unserved CRD version is not bundled', () => {
    expect(summarize(gadgets.validate({ ...gadget({ owner: 'x', size: 1 }), apiVersion: 'fixtures.test/v1alpha1' }, V))).toEqual([
      { pointer: '/apiVersion', message: 'fixtures.test/v1alpha1 Gadget is not served by its CustomResourceDefinition; use fixtures.test/v1' },
    ]);
  });
});

describe('persisted compile cache', () => {
  const object = deployment({ containers: [webContainer, { name: 'web', image: 'x' }] });

  it('a second validator instance loads the compiled validator instead of compiling', () => {
    const cacheDir = temporaryDir();
    const firstFindings = createSchemaValidator({ cacheDir }).validate(object, V);
    const files = readdirSync(cacheDir).filter((file) => file.endsWith('.cjs'));
    expect(files).toHaveLength(1);

    const compile = vi.spyOn(Ajv.prototype, 'compile');
    try {
      const second = createSchemaValidator({ cacheDir });
      expect(second.validate(object, V)).toEqual(firstFindings);
      expect(compile).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
    }
  });

  it('ignores and rewrites a corrupt entry, and a damaged V8 code cache', () => {
    const cacheDir = temporaryDir();
    const expected = createSchemaValidator({ cacheDir }).validate(object, V);
    const [file] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, file!), '// sha256:0\nmodule.exports = () => true;');
    expect(createSchemaValidator({ cacheDir }).validate(object, V)).toEqual(expected);
    // The rewritten entry gets its V8 code cache when a validator that loaded it has run; damage that too.
    const loader = createSchemaValidator({ cacheDir });
    loader.validate(object, V);
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.v8'))).toEqual([]);
    loader.persistCodeCaches();
    const codeCache = readdirSync(cacheDir).find((name) => name.endsWith('.v8'));
    expect(codeCache).toBeDefined();
    writeFileSync(path.join(cacheDir, codeCache!), 'not a code cache');
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    try {
      expect(createSchemaValidator({ cacheDir }).validate(object, V)).toEqual(expected);
      expect(compile).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
    }
  });

  it('compiles a kind once for the Kubernetes versions whose schema of it is the same', () => {
    const cacheDir = temporaryDir();
    const validator = createSchemaValidator({ cacheDir });
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { ports: [{ port: 5432 }] } };
    for (const version of ['1.34', '1.35', '1.36']) expect(validator.validate(service, version)).toEqual([]);
    expect(readdirSync(cacheDir).filter((file) => file.endsWith('.cjs'))).toHaveLength(1);
    // A Deployment's pod template changed between these versions: one validator each.
    for (const version of ['1.34', '1.36']) validator.validate(object, version);
    expect(readdirSync(cacheDir).filter((file) => file.endsWith('.cjs'))).toHaveLength(3);
  });

  it('persists the toolkit\'s own small schemas too, keyed by content, not by $id', () => {
    const cacheDir = temporaryDir();
    const schema = (maximum: number) => ({
      $id: 'https://example.com/profile.schema.json',
      type: 'object',
      properties: { replicas: { type: 'integer', maximum } },
    });
    const five = compilePersisted(schema(5), { allErrors: true, strict: true }, cacheDir);
    expect(readdirSync(cacheDir).filter((file) => file.endsWith('.cjs'))).toHaveLength(1);
    expect(compilePersisted(schema(5), { allErrors: true, strict: true }, cacheDir)).toBe(five);
    // Same $id, other content: a validator of its own, not ajv's "schema already exists".
    const three = compilePersisted(schema(3), { allErrors: true, strict: true }, cacheDir);
    expect(five({ replicas: 4 })).toBe(true);
    expect(three({ replicas: 4 })).toBe(false);
    expect(three.errors?.[0]).toMatchObject({ instancePath: '/replicas', keyword: 'maximum', message: 'must be <= 3' });
  });

  it('cacheDir: false writes nothing', () => {
    const before = existsSync(path.join(repoRoot, '.cache', 'validators')) ? readdirSync(path.join(repoRoot, '.cache', 'validators')).length : 0;
    createSchemaValidator({ cacheDir: false }).validate(object, V);
    const after = existsSync(path.join(repoRoot, '.cache', 'validators')) ? readdirSync(path.join(repoRoot, '.cache', 'validators')).length : 0;
    expect(after).toBe(before);
  });
});

describe('every bundled schema compiles in ajv strict mode', () => {
  it.each([['1.33'], ['1.36']])('all kinds of Kubernetes %s and all bundled CRDs', (version) => {
    const all = createSchemaValidator({ cacheDir: false });
    const kinds = Object.keys(
      (JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'kubernetes', `${version}.json`), 'utf8')) as { kinds: Json }).kinds,
    );
    const crdKinds = Object.keys(
      (JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'crds', 'index.json'), 'utf8')) as { kinds: Json }).kinds,
    );
    expect(kinds.length).toBeGreaterThan(150);
    for (const key of [...kinds, ...crdKinds]) {
      const slash = key.lastIndexOf('/');
      const findings = all.validate({ apiVersion: key.slice(0, slash), kind: key.slice(slash + 1), metadata: { name: 'x' } }, version);
      // Findings are expected (a List has no metadata.name); resolution problems are not.
      for (const finding of findings) expect(['missingSchema', 'apiVersion', 'kind'], `${key}: ${finding.message}`).not.toContain(finding.keyword);
    }
  });
});
