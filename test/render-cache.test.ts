import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findKustomize, type KustomizeBinary } from '../scripts/render/kustomize-binary.ts';
import { RenderCache } from '../scripts/render/render-cache.ts';
import { buildOrder, renderTargets } from '../scripts/render/render-targets.ts';
import { discoverTargets } from '../scripts/render/targets.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

describe('render cache invalidation', () => {
  let copy: string;
  let kustomize: KustomizeBinary;
  let targets: string[];

  const renderAll = () =>
    renderTargets(targets, {
      kustomize,
      buildOptions: [],
      allowRemoteBases: false,
      cache: new RenderCache(path.join(copy, '.cache', 'render', 'outputs')),
      cwd: copy,
      concurrency: 2,
      annotate: false,
    });

  beforeAll(async () => {
    copy = await mkdtemp(path.join(tmpdir(), 'render-cache-'));
    for (const folder of ['base', 'overlays', 'apps', 'clusters']) {
      await cp(path.join(repoRoot, folder), path.join(copy, folder), { recursive: true });
    }
    kustomize = await findKustomize();
    targets = discoverTargets(copy);
  });
  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it('re-renders exactly the targets that include an edited base file, and nothing when nothing changed', async () => {
    const first = await renderAll();
    expect(first.every((target) => !target.fromCache && target.output !== undefined)).toBe(true);
    const unchanged = await renderAll();
    expect(unchanged.filter((target) => !target.fromCache).map((target) => target.target)).toEqual([]);

    const edited = path.join(copy, 'base', 'webapp', 'deployment.yaml');
    await writeFile(edited, `${await readFile(edited, 'utf8')}# an edit\n`);
    const afterEdit = await renderAll();
    const rerendered = afterEdit.filter((target) => !target.fromCache).map((target) => target.target);
    expect(rerendered).toEqual(['overlays/dev/webapp', 'overlays/prod/webapp', 'overlays/staging/webapp']);
    // The targets that list the file among their inputs are exactly the ones re-rendered.
    expect(afterEdit.filter((target) => target.inputs.files.includes(edited)).map((target) => target.target)).toEqual(rerendered);
  });

  it('starts the builds that read the most files first, and answers in the order asked', async () => {
    const order = buildOrder(targets, { cwd: copy, allowRemoteBases: false });
    expect([...order].sort()).toEqual([...targets].sort());
    const rendered = await renderAll();
    expect(rendered.map((target) => target.target)).toEqual(targets);
    const filesRead = new Map(rendered.map((target) => [target.target, target.inputs.files.length]));
    const counts = order.map((target) => filesRead.get(target));
    expect(counts).toEqual([...counts].sort((a, b) => b! - a!));
    // The overlays (bases, components, patches) before the Applications and cluster bootstraps.
    expect(order.slice(0, 6).every((target) => target.startsWith('overlays/'))).toBe(true);
  });

  it('re-renders exactly the overlays that use an edited component', async () => {
    await renderAll();
    const component = path.join(copy, 'base', 'components', 'db-backup', 'cronjob.yaml');
    await writeFile(component, `${await readFile(component, 'utf8')}# an edit\n`);
    const rerendered = (await renderAll()).filter((target) => !target.fromCache).map((target) => target.target);
    expect(rerendered).toEqual(['overlays/prod/db', 'overlays/staging/db']);
  });
});
