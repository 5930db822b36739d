import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../scripts/core/manifest.ts';
import { declaredFieldDrift, ignoreRulesFor, instanceName, ownersOf, parseTrackingId, sameValue, trackedBy, trackingIdText } from '../scripts/drift/index.ts';

const deployment = (image: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'webapp', namespace: 'shop', labels: { app: 'webapp', tier: 'web' } as Record<string, string> },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          { name: 'sidecar', image: 'log:1' },
          { name: 'web', image, ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53 }], resources: { limits: { cpu: '1000m', memory: '0.5Gi' } } },
        ],
      },
    },
  },
  ...extra,
});

describe('declaredFieldDrift: only what Git declares is compared', () => {
  it('finds nothing when the live object only adds server-populated fields and other managers\' fields', () => {
    const live = structuredClone(deployment('web:1'));
    Object.assign(live.metadata, { uid: 'u-1', annotations: { 'argocd.argoproj.io/tracking-id': 'x' } });
    const web = live.spec.template.spec.containers[1]!;
    Object.assign(web, { terminationMessagePath: '/dev/termination-log', resources: { limits: { cpu: '1', memory: '512Mi' } } });
    Object.assign(web.ports![1]!, { protocol: 'TCP' });
    live.spec.template.spec.containers.reverse(); // matched by name, not position
    Object.assign(live, { status: { replicas: 2 } });
    expect(declaredFieldDrift(deployment('web:1'), live)).toEqual([]);
  });

  it('reports a changed image at the pointer of the desired object, and a removed label as absent live', () => {
    const live = structuredClone(deployment('web:2'));
    delete live.metadata.labels['tier'];
    live.spec.template.spec.containers.reverse();
    const drift = declaredFieldDrift(deployment('web:1'), live);
    expect(drift.map(({ pointer, desired, live: value }) => ({ pointer, desired, live: value }))).toEqual([
      { pointer: '/metadata/labels/tier', desired: 'web', live: undefined },
      { pointer: '/spec/template/spec/containers/1/image', desired: 'web:1', live: 'web:2' },
    ]);
  });

  it('leaves out ignored pointers (an HPA-scaled spec.replicas)', () => {
    const live = structuredClone(deployment('web:1'));
    live.spec.replicas = 7;
    expect(declaredFieldDrift(deployment('web:1'), live).map((entry) => entry.pointer)).toEqual(['/spec/replicas']);
    expect(declaredFieldDrift(deployment('web:1'), live, { ignored: new Set(['/spec/replicas']) })).toEqual([]);
  });

  it('compares lists without a unique key item by item, and scalar lists whole', () => {
    expect(declaredFieldDrift({ a: [{ x: 1 }, { x: 2 }] }, { a: [{ x: 1 }, { x: 3 }] }).map((entry) => entry.pointer)).toEqual(['/a/1/x']);
    expect(declaredFieldDrift({ args: ['--a', '--b'] }, { args: ['--a'] }).map((entry) => entry.pointer)).toEqual(['/args']);
    expect(declaredFieldDrift({ args: ['--a'] }, { args: ['--a'] })).toEqual([]);
  });

  it("takes Git's empty map, list or string as the server's omitted field, but not false", () => {
    expect(declaredFieldDrift({ metadata: { annotations: {} }, spec: { args: [], host: '' } }, { metadata: {}, spec: {} })).toEqual([]);
    expect(declaredFieldDrift({ spec: { automountServiceAccountToken: false } }, { spec: {} }).map((entry) => entry.pointer)).toEqual(['/spec/automountServiceAccountToken']);
  });

  it('treats quantities as the server stores them, and nothing else as equal', () => {
    expect(sameValue('1000m', '1')).toBe(true);
    expect(sameValue('0.5Gi', '512Mi')).toBe(true);
    expect(sameValue('1Gi', '1G')).toBe(false);
    expect(sameValue('true', true)).toBe(false);
    expect(sameValue('web:1', 'web:2')).toBe(false);
  });
});

describe('managedFields: who owns a live field', () => {
  const live = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'webapp',
      managedFields: [
        { manager: 'argocd-controller', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {} } } } } } } },
        { manager: 'kubectl-edit', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } } } },
      ],
    },
    spec: { template: { spec: { containers: [{ name: 'web', image: 'web:2' }] } } },
  } as unknown as KubeObject;

  it('names the manager whose set holds the field, by list key', () => {
    expect(ownersOf(live, ['spec', 'template', 'spec', 'containers', 0, 'image'])).toEqual([{ manager: 'kubectl-edit', operation: 'Update' }]);
    expect(ownersOf(live, ['spec', 'template', 'spec', 'containers', 0, 'name'])).toEqual([{ manager: 'argocd-controller', operation: 'Apply' }]);
  });

  it('is reported with the drift of the field', () => {
    const desired = { spec: { template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } } };
    expect(declaredFieldDrift(desired, live)).toMatchObject([{ pointer: '/spec/template/spec/containers/0/image', managers: ['kubectl-edit (Update)'] }]);
  });
});

describe("Argo CD's tracking id", () => {
  it('has the format BuildAppInstanceValue writes and parses back', () => {
    const id = { application: 'staging-webapp', group: 'apps', kind: 'Deployment', namespace: 'product-staging', name: 'webapp' };
    expect(trackingIdText(id)).toBe('staging-webapp:apps/Deployment:product-staging/webapp');
    expect(parseTrackingId(trackingIdText(id))).toEqual(id);
    expect(parseTrackingId(':/ConfigMap:ns/cm')).toEqual({ application: '', group: '', kind: 'ConfigMap', namespace: 'ns', name: 'cm' });
    expect(parseTrackingId('staging-webapp')).toBeUndefined();
    expect(parseTrackingId('a:b:c')).toBeUndefined();
  });

  it('tracks an object only when the id names the object itself', () => {
    const object = (annotation: string, name = 'cm') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', annotations: { 'argocd.argoproj.io/tracking-id': annotation } } });
    expect(trackedBy(object('app:/ConfigMap:ns/cm'), true)).toBe('app');
    expect(trackedBy(object('app:/ConfigMap:ns/cm', 'copy'), true)).toBeUndefined();
    expect(trackedBy(object('app:/ConfigMap:other/cm'), true)).toBeUndefined();
  });

  it('names an Application outside the controller namespace <namespace>_<name>', () => {
    expect(instanceName('web', 'argocd')).toBe('web');
    expect(instanceName('web', 'team-a')).toBe('team-a_web');
  });
});

describe('ignoreDifferences, as Argo CD applies them to the diff', () => {
  const application = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web' },
    spec: {
      ignoreDifferences: [
        { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
        { group: '*', kind: '*', managedFieldsManagers: ['kube-controller-manager'] },
        { group: '', kind: 'Service', name: 'other', jsonPointers: ['/spec/ports'] },
        { group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.initContainers[]'] },
      ],
    },
  };
  const argocdCm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm' }, data: { 'resource.customizations.ignoreDifferences.apps_Deployment': 'jsonPointers:\n  - /metadata/annotations\n', 'resource.customizations.ignoreDifferences.all': 'managedFieldsManagers: [vpa]\n' } };

  it('takes the entries matching group, kind, name and namespace, and argocd-cm\'s customizations', () => {
    expect(ignoreRulesFor(application, argocdCm, { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'webapp' })).toEqual({
      pointers: ['/spec/replicas', '/metadata/annotations'],
      managers: ['kube-controller-manager', 'vpa'],
      jqPathExpressions: ['.spec.template.spec.initContainers[]'],
    });
    expect(ignoreRulesFor(application, undefined, { group: '', kind: 'Service', namespace: 'shop', name: 'webapp' })).toEqual({ pointers: [], managers: ['kube-controller-manager'], jqPathExpressions: [] });
    expect(ignoreRulesFor(application, undefined, { group: '', kind: 'Service', namespace: 'shop', name: 'other' }).pointers).toEqual(['/spec/ports']);
  });
});
