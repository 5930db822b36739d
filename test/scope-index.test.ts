import { describe, expect, it } from 'vitest';
import { podTemplates } from '../scripts/check/pods.ts';
import { NamespacedIndex, ObjectsOfKind } from '../scripts/check/scope.ts';
import { objectRef, type KubeObject, type Manifest } from '../scripts/core/manifest.ts';

function manifest(kind: string, name: string, namespace?: string): Manifest {
  const object = { apiVersion: 'v1', kind, metadata: namespace === undefined ? { name } : { name, namespace } } as KubeObject;
  return { object, ref: objectRef(object), target: 'test.yaml', kubernetesVersion: '1.36', locate: () => ({ file: 'test.yaml', line: 1, column: 1 }) };
}

describe('NamespacedIndex', () => {
  it('finds items of the namespace and those without one', () => {
    const index = new NamespacedIndex<string>();
    index.add('a', 'k', 'a1');
    index.add(undefined, 'k', 'none1');
    index.add('b', 'k', 'b1');
    expect(index.get('a', 'k')).toEqual(['a1', 'none1']);
    expect(index.get('b', 'k')).toEqual(['b1', 'none1']);
    expect(index.get('c', 'k')).toEqual(['none1']);
    expect(index.get('a', 'other')).toEqual([]);
  });

  it('finds every item in the order added when the asker has no namespace, also items added after the first such lookup', () => {
    const index = new NamespacedIndex<string>();
    index.add('b', 'k', 'b1');
    index.add(undefined, 'k', 'none1');
    index.add('a', 'k', 'a1');
    expect(index.get(undefined, 'k')).toEqual(['b1', 'none1', 'a1']);
    index.add('c', 'k', 'c1');
    index.add('c', 'j', 'c2');
    expect(index.get(undefined, 'k')).toEqual(['b1', 'none1', 'a1', 'c1']);
    expect(index.get(undefined, 'j')).toEqual(['c2']);
  });
});

describe('ObjectsOfKind', () => {
  it('looks objects up by name, also those added after the first lookup', () => {
    const objects = new ObjectsOfKind();
    const first = manifest('ConfigMap', 'settings', 'web');
    objects.add(first);
    expect(objects.named('web', 'settings')).toEqual([first]);
    const second = manifest('ConfigMap', 'settings', 'db');
    const unnamespaced = manifest('ConfigMap', 'settings');
    objects.add(second);
    objects.add(unnamespaced);
    expect(objects.named('db', 'settings')).toEqual([second, unnamespaced]);
    expect(objects.named(undefined, 'settings')).toEqual([first, second, unnamespaced]);
    expect(objects.all).toEqual([first, second, unnamespaced]);
  });
});

describe('podTemplates', () => {
  it('gives none for kinds without a pod template, including names of Object.prototype members', () => {
    for (const kind of ['ConfigMap', 'toString', 'constructor', '__proto__']) {
      expect(podTemplates(manifest(kind, 'x').object)).toEqual([]);
    }
  });

  it('gives the template of a workload', () => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } },
    } as unknown as KubeObject;
    const [template] = podTemplates(object);
    expect(template).toMatchObject({ pointer: '/spec/template', specPointer: '/spec/template/spec', labels: { app: 'web' }, runsToCompletion: false });
    expect(podTemplates(object)[0]).toBe(template);
  });
});
