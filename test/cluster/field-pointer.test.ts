import { describe, expect, it } from 'vitest';
import { serverFieldPointer } from '../../scripts/cluster/field-pointer.ts';

const deployment = {
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'sidecar' }, { name: 'web', ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '1' } } }] },
    },
  },
};

describe('the API server field paths as JSON pointers into the applied object', () => {
  it('reads validation paths with indices and map keys', () => {
    expect(serverFieldPointer('spec.selector', deployment)).toBe('/spec/selector');
    expect(serverFieldPointer('spec.template.spec.containers[1].resources.requests[cpu]', deployment)).toBe('/spec/template/spec/containers/1/resources/requests/cpu');
  });

  it('resolves structured-merge-diff key selectors to the item they name', () => {
    expect(serverFieldPointer('.spec.template.spec.containers[name="web"].ports[containerPort=8080,protocol="TCP"]', deployment)).toBe('/spec/template/spec/containers/1/ports/0');
  });

  it('reads template.labels as the template metadata it is', () => {
    expect(serverFieldPointer('spec.template.labels', deployment)).toBe('/spec/template/metadata/labels');
  });

  it('stops at the deepest field the object has', () => {
    expect(serverFieldPointer('spec.template.spec.containers[name="gone"].image', deployment)).toBe('/spec/template/spec/containers');
    expect(serverFieldPointer('spec.replicas', deployment)).toBe('/spec');
    expect(serverFieldPointer('metadata.annotations[a/b~c]', { metadata: { annotations: { 'a/b~c': 'x' } } })).toBe('/metadata/annotations/a~1b~0c');
  });
});
