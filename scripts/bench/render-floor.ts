import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { mapConcurrently } from '../core/concurrency.ts';
import { buildOrder, type KustomizeBinary } from '../render/index.ts';

export interface RenderFloorRun {
  wallMs: number;
  failures: number;
}

const maxOutputBytes = 256 * 1024 * 1024;

/**
 * The render floor: the kustomize builds any validation of the repo must pay for, at the
 * concurrency the CLI uses (one build per CPU) and in its order, with nothing else — no
 * wrapper, no cache, no parsing. A failed build still costs its time, so it is counted, not retried. Measured as a
 * person runs `kustomize build` (Go's defaults), and, for information, with the Go runtime
 * settings the toolkit gives its builds (`extraEnv`).
 */
export async function measureRenderFloor(
  repoRoot: string,
  targets: readonly string[],
  kustomize: KustomizeBinary,
  /** Added to the environment of every build (the toolkit's Go runtime settings, for the second floor). */
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<RenderFloorRun> {
  // In the order the toolkit starts them (longest first): the floor is the builds at their best.
  const ordered = buildOrder(targets, { cwd: repoRoot, allowRemoteBases: false });
  const started = performance.now();
  const built = await mapConcurrently(ordered, availableParallelism(), (target) => build(kustomize, target, repoRoot, extraEnv));
  const failures = built.filter((ok) => !ok).length;
  return { wallMs: performance.now() - started, failures };
}

function build(kustomize: KustomizeBinary, target: string, cwd: string, extraEnv: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...extraEnv };
    execFile(kustomize.command, [...kustomize.args, target], { cwd, env, maxBuffer: maxOutputBytes, encoding: 'utf8' }, (error) =>
      resolve(error === null),
    );
  });
}
