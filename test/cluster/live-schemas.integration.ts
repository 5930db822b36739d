import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, send } from '../../scripts/fidelity/http.ts';
import { diagnosticsOf, liveEnvironment, throughRelayThatFailsAfterFirst, type JsonDiagnostic, type LiveEnvironment, type RunResult } from './live-environment.ts';

const environment = 'dev';
let live: LiveEnvironment;


/** A CRD the bundled schemas do not have: `spec.size` is required and one of S, M, L. */
const gadgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.test' },
  spec: {
    group: 'example.test',
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: { size: { type: 'string', enum: ['S', 'M', 'L'] }, note: { type: 'string', maxLength: 20 } },
              },
            },
          },
        },
      },
    ],
  },
};

const overlay = 'overlays/dev/webapp';
const gadgetFile = `${overlay}/gadget.yaml`;

function gadget(spec: string): string {
  return `apiVersion: example.test/v1\nkind: Gadget\nmetadata:\n  name: widget\n  labels:\n    app.kubernetes.io/name: webapp\nspec:\n${spec}`;
}

/** Runs validate on the whole work copy with the gadget in the dev overlay; the schema findings, and the run. */
async function withGadget(spec: string, args: string[]): Promise<{ run: RunResult; schema: JsonDiagnostic[] }> {
  writeFileSync(path.join(live.work, gadgetFile), gadget(spec));
  try {
    return await live.withEdit(`${overlay}/kustomization.yaml`, 'resources:\n  - ../../../base/webapp\n', 'resources:\n  - ../../../base/webapp\n  - gadget.yaml\n', async () => {
      const run = await live.validate([...args, '--format', 'json']);
      expect(run.code, run.stderr).toBeLessThan(2);
      const diagnostics = diagnosticsOf(run);
      return { run, schema: diagnostics.filter((diagnostic) => diagnostic.ruleId === 'schema') };
    });
  } finally {
    rmSync(path.join(live.work, gadgetFile), { force: true });
  }
}

const clusterArgs = () => ['--cluster', live.context, '--kubeconfig', live.kubeconfig, '--verbose'];

beforeAll(async () => {
  live = await liveEnvironment(environment);
});

afterAll(async () => {
  if (live !== undefined) await send(live.admin, 'DELETE', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.test', undefined);
  await live?.close();
});

describe('--cluster: schemas from the server, as the read-only identity', () => {
  it('validates the desired state of dev against the live schemas and finds nothing', async () => {
    const run = await live.validate([...clusterArgs(), '--format', 'json']);
    expect(run.code, run.stderr).toBeLessThan(2);
    // Not this test's: the profile check (the local control plane has no nodes, classes or stores).
    const others = new Set(['cluster-profile']);
    expect(diagnosticsOf(run).filter((diagnostic) => !others.has(diagnostic.ruleId))).toEqual([]);
    expect(run.stderr).toMatch(/cluster: schemas of \d+ group-versions read from https:\/\/127\.0\.0\.1:\d+ \(Kubernetes 1\.\d+: \d+ built-in and \d+ custom kinds\)/);
    // Deployments, StatefulSets, Services, the Argo CD Applications and External Secrets' kinds: all from the server.
    const validated = /cluster: (\d+) kinds validated against the server's schemas \(Kubernetes 1\.\d+\)\n/.exec(run.stderr);
    expect(validated, run.stderr).not.toBeNull();
    expect(Number(validated![1])).toBeGreaterThanOrEqual(10);
    expect(run.stderr).not.toMatch(/the server has none for|no schema anywhere/);
    live.expectNoToken(run);
  });

  describe('a CRD installed only in the cluster', () => {
    beforeAll(async () => {
      await live.applyForReal(gadgetCrd);
      // The server publishes a new CRD's OpenAPI shortly after it is established.
      for (let attempt = 0; ; attempt++) {
        const index = await getJson<{ paths: Record<string, unknown> }>(live.admin, '/openapi/v3');
        if ('apis/example.test/v1' in index.paths) break;
        if (attempt > 100) throw new Error('the Gadget CRD was never published in /openapi/v3');
        await new Promise((resolveWait) => setTimeout(resolveWait, 100));
      }
    });

    it('is a missing schema without --cluster (a warning with --ignore-missing-schemas)', async () => {
      const { schema } = await withGadget('  size: M\n', []);
      expect(schema).toHaveLength(1);
      expect(schema[0]).toMatchObject({ severity: 'error', object: { kind: 'Gadget', name: 'widget' } });
      expect(schema[0]!.message).toMatch(/no schema for example\.test\/v1 Gadget/);
      const ignored = await withGadget('  size: M\n', ['--ignore-missing-schemas']);
      expect(ignored.schema).toHaveLength(1);
      expect(ignored.schema[0]).toMatchObject({ severity: 'warning' });
      expect(ignored.schema[0]!.message).toMatch(/not validated \(--ignore-missing-schemas\)/);
    });

    it('is validated against the server\'s schema with --cluster: a valid Gadget is silent', async () => {
      const { run, schema } = await withGadget('  size: M\n', clusterArgs());
      expect(schema).toEqual([]);
      expect(run.stderr).toMatch(/cluster: \d+ kinds validated against the server's schemas/);
      expect(run.stderr).not.toMatch(/the server has none for|no schema anywhere/);
      live.expectNoToken(run);
    });

    it('gives an invalid Gadget located schema findings in the overlay (enum, required, maxLength)', async () => {
      const badSize = await withGadget('  size: XL\n', clusterArgs());
      expect(badSize.schema).toHaveLength(1);
      expect(badSize.schema[0]).toMatchObject({ severity: 'error', object: { kind: 'Gadget', name: 'widget' }, file: gadgetFile });
      expect(badSize.schema[0]!.message).toMatch(/S.*M.*L/);
      expect(gadget('  size: XL\n').split('\n')[badSize.schema[0]!.line! - 1]).toMatch(/size: XL/);

      const missing = await withGadget('  note: short\n', clusterArgs());
      expect(missing.schema).toHaveLength(1);
      expect(missing.schema[0]).toMatchObject({ severity: 'error', file: gadgetFile });
      expect(missing.schema[0]!.message).toMatch(/size/);

      const long = await withGadget('  size: S\n  note: this note is far longer than twenty characters\n', clusterArgs());
      expect(long.schema).toHaveLength(1);
      expect(long.schema[0]).toMatchObject({ file: gadgetFile, line: 9 });
      live.expectNoToken(long.run);
    });
  });

  it('takes the live objects as the base of the Argo CD rules: a StatefulSet volumeClaimTemplates change is refused without --base', async () => {
    const run = await live.withEdit('overlays/dev/db/kustomization.yaml', /(requests\/storage\n\s+value: )10Gi/, '$120Gi', () => live.validate([...clusterArgs(), '--format', 'json']));
    expect(run.code, run.stderr).toBe(1);
    const immutable = diagnosticsOf(run).filter((diagnostic) => diagnostic.ruleId === 'argocd-immutable-field');
    expect(immutable).toHaveLength(1);
    expect(immutable[0]).toMatchObject({ ruleId: 'argocd-immutable-field', severity: 'error', file: 'overlays/dev/db/kustomization.yaml', object: { kind: 'StatefulSet', name: 'db' } });
    expect(immutable[0]!.message).toMatch(/volumeClaimTemplates/);
    expect(run.stderr).toMatch(/cluster: the base of dev's base-aware rules is the cluster: \d+ live objects/);
    live.expectNoToken(run);
  });

  it('says so and validates with the bundled schemas when the server stops answering after the probe', async () => {
    // The server goes away after the /version probe.
    await throughRelayThatFailsAfterFirst(live.admin.server, async (address) => {
      const file = live.writeKubeconfig('kubeconfig-relay-schemas', address, live.readonly.token);
      const run = await live.validate(['--cluster', live.context, '--kubeconfig', file, '--format', 'json']);
      expect(run.code, run.stderr).toBeLessThan(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stderr).toMatch(/warning: --cluster \S+: GET \/(version|openapi\/v3) failed: ECONNRESET \(connection lost\): the objects of dev are validated against the bundled schemas, not the cluster's\n/);
      expect(diagnosticsOf(run).filter((diagnostic) => diagnostic.ruleId === 'schema')).toEqual([]);
      live.expectNoToken(run);
    });
  });
});
