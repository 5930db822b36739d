import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../scripts/core/manifest.ts';
import { findKustomize } from '../../scripts/render/index.ts';
import type { RenderFunction } from '../../scripts/argocd/index.ts';

const run = promisify(execFile);

/** A plain renderer over the kustomize found on PATH (no sandbox, no cache), for tests that compare the model with kustomize itself. */
export async function plainKustomizeRenderer(repoRoot: string): Promise<RenderFunction> {
  const binary = await findKustomize({ repoRoot });
  return async (directory) => {
    try {
      const { stdout } = await run(binary.command, [...binary.args, directory], { maxBuffer: 64 * 1024 * 1024 });
      const objects = parseAllDocuments(stdout)
        .map((document) => document.toJS() as unknown)
        .filter((value): value is KubeObject => value !== null && typeof value === 'object');
      return { objects };
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr;
      return { objects: [], failure: (stderr ?? String(error)).trim().split('\n')[0] ?? 'render failed' };
    }
  };
}
