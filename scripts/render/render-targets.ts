import { execFile } from 'node:child_process';
import path from 'node:path';
import { describeBuildFailure, type BuildFailure } from './build-failure.ts';
import { collectKustomizationInputs, type KustomizationInputs } from './kustomization-inputs.ts';
import type { KustomizeBinary } from './kustomize-binary.ts';
import { mapConcurrently } from './pool.ts';
import type { RenderCache } from './render-cache.ts';
import { kustomizationFileIn } from './targets.ts';
import { writeWrapperKustomization } from './wrapper.ts';

export interface RenderOptions {
  kustomize: KustomizeBinary;
  /** Extra `kustomize build` flags, as Argo CD's `kustomize.buildOptions`. */
  buildOptions: readonly string[];
  allowRemoteBases: boolean;
  /** Where wrapper kustomizations live: a git-ignored folder inside the repo. */
  wrappersDir: string;
  cache: RenderCache | undefined;
  /** Paths in messages are made relative to this directory. */
  cwd: string;
  concurrency: number;
  /**
   * Build through a wrapper that adds kustomize's origin and transformer annotations, so findings
   * can be located in the files a person edits. It costs about a fifth more per build, so it is
   * done only for targets that have findings.
   */
  annotate: boolean;
  /** Called as each target is done, while the others may still be building. */
  onRendered?: (target: RenderedTarget) => void;
}

/** One target, rendered or not. */
export interface RenderedTarget {
  /** The target as displayed (relative to cwd). */
  target: string;
  kustomizationFile: string;
  inputs: KustomizationInputs;
  /** Directory of the wrapper: origin paths in the output are relative to it. */
  wrapperDir: string;
  /** The rendered YAML stream; with origin and transformer annotations when `annotated`. */
  output?: string;
  annotated: boolean;
  failure?: BuildFailure;
  fromCache: boolean;
}

const maxOutputBytes = 256 * 1024 * 1024;

/**
 * Renders every target, concurrently and bounded, never failing as a whole. A render slot goes
 * from one build to the next without waiting: what comes before a build (inputs, cache key,
 * cache lookup) is synchronous, and `onRendered` runs after the slot has started its next build.
 */
export async function renderTargets(targets: readonly string[], options: RenderOptions): Promise<RenderedTarget[]> {
  const handedOver: Promise<void>[] = [];
  const rendered = await mapConcurrently(
    targets,
    async (target) => {
      const result = await renderTarget(target, options);
      const { onRendered } = options;
      if (onRendered) {
        const handing = new Promise<void>((resolve, reject) =>
          setImmediate(() => {
            try {
              onRendered(result);
              resolve();
            } catch (error) {
              reject(error);
            }
          }),
        );
        // Awaited below, after the last build; marked handled so an early failure waits for it.
        handing.catch(() => {});
        handedOver.push(handing);
      }
      return result;
    },
    options.concurrency,
  );
  await Promise.all(handedOver);
  return rendered;
}

async function renderTarget(target: string, options: RenderOptions): Promise<RenderedTarget> {
  const dir = path.resolve(options.cwd, target);
  const kustomizationFile = kustomizationFileIn(dir) ?? path.join(dir, 'kustomization.yaml');
  const inputs = collectKustomizationInputs(dir);
  const wrapperDir = options.annotate ? writeWrapperKustomization(dir, options.wrappersDir) : dir;
  const base = { target, kustomizationFile, inputs, wrapperDir, annotated: options.annotate, fromCache: false };

  const remote = inputs.remoteReferences[0];
  if (remote !== undefined && !options.allowRemoteBases) {
    const failure = await describeBuildFailure(
      `accumulating resources from '${remote.reference}'`,
      remote.kustomization,
      options.cwd,
    );
    failure.message =
      `remote base "${remote.reference}" is not allowed: it is fetched at build time and can change ` +
      'under you; vendor it, or set render.allowRemoteBases: true in validate.config.yaml and pin it to a commit or tag';
    return { ...base, failure };
  }

  const mode = options.annotate ? 'annotated' : 'plain';
  const key = options.cache?.key(inputs.files, options.kustomize.version, [mode, ...options.buildOptions]);
  if (options.cache && key) {
    const cached = options.cache.get(dir, mode, key);
    if (cached !== undefined) return { ...base, output: cached, fromCache: true };
  }

  const built = await runKustomize(options.kustomize, wrapperDir, options.buildOptions);
  if (built.ok) {
    if (options.cache && key) options.cache.set(dir, mode, key, built.stdout);
    return { ...base, output: built.stdout };
  }
  // Build the target itself for the error, so the message speaks of the repo's paths, not the wrapper's.
  const direct = options.annotate ? await runKustomize(options.kustomize, dir, options.buildOptions) : built;
  const stderr = direct.ok ? built.stderr : direct.stderr;
  return { ...base, failure: await describeBuildFailure(stderr, kustomizationFile, options.cwd) };
}

type BuildResult = { ok: true; stdout: string } | { ok: false; stderr: string };

function runKustomize(kustomize: KustomizeBinary, dir: string, buildOptions: readonly string[]): Promise<BuildResult> {
  return new Promise((resolve) => {
    execFile(
      kustomize.command,
      [...kustomize.args, dir, ...buildOptions],
      { maxBuffer: maxOutputBytes, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error === null) resolve({ ok: true, stdout });
        else resolve({ ok: false, stderr: stderr || error.message });
      },
    );
  });
}
