import { describe, expect, it } from 'vitest';
import { trackedBy } from '../scripts/argocd/index.ts';
import { appliedState } from '../scripts/cluster/live-fields.ts';
import type { KubeObject } from '../scripts/core/manifest.ts';

const statefulSet = (annotations: Record<string, string>, managedFields: unknown[]): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db', namespace: 'product-dev', annotations, managedFields, uid: 'u-1', resourceVersion: '7' },
  spec: {
    replicas: 3,
    podManagementPolicy: 'OrderedReady',
    serviceName: 'db',
    volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '10Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' } }],
    template: { spec: { containers: [{ name: 'postgres', image: 'postgres:17', imagePullPolicy: 'IfNotPresent' }] } },
  },
  status: { replicas: 3 },
});

describe('live base: tracking ids and what Argo CD applied', () => {
  it('takes an object as tracked only when its tracking id names the object itself', () => {
    expect(trackedBy(statefulSet({ 'argocd.argoproj.io/tracking-id': 'dev-db:apps/StatefulSet:product-dev/db' }, []), true)).toBe('dev-db');
    // An annotation copied from another object does not make this one tracked.
    expect(trackedBy(statefulSet({ 'argocd.argoproj.io/tracking-id': 'dev-db:apps/StatefulSet:product-dev/other' }, []), true)).toBeUndefined();
  });

  it('reduces a live object to the fields argocd-controller owns: no defaults, status or other managers\' fields', () => {
    const owned = {
      'f:metadata': { 'f:annotations': { 'f:argocd.argoproj.io/tracking-id': {} } },
      'f:spec': {
        'f:serviceName': {},
        'f:volumeClaimTemplates': {},
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"postgres"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } },
      },
    };
    const live = statefulSet({ 'argocd.argoproj.io/tracking-id': 'dev-db:apps/StatefulSet:product-dev/db' }, [
      { manager: 'argocd-controller', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: owned },
      { manager: 'kubectl-scale', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
    ]);
    expect(appliedState(live, 'argocd-controller')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'product-dev', annotations: { 'argocd.argoproj.io/tracking-id': 'dev-db:apps/StatefulSet:product-dev/db' } },
      spec: {
        serviceName: 'db',
        // The atomic claim templates come whole, without the status the server stores in them.
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '10Gi' } }, volumeMode: 'Filesystem' } }],
        template: { spec: { containers: [{ name: 'postgres', image: 'postgres:17' }] } },
      },
    });
  });

  it('falls back to the last-applied annotation of a client-side apply, and knows nothing of an object Argo CD did not apply', () => {
    const applied = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db' } };
    const live = statefulSet({ 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) }, [{ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: { 'f:spec': {} } }]);
    expect(appliedState(live, 'argocd-controller')).toEqual({ ...applied, metadata: { name: 'db', namespace: 'product-dev' } });
    expect(appliedState(statefulSet({}, [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': {} } }]), 'argocd-controller')).toBeUndefined();
  });
});
