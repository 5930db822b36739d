import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../core/config-error.ts';
import { describeBuildFailure, type BuildFailure } from './build-failure.ts';
import { checkBuildOptions } from './build-options.ts';
import { readSourceFile } from '../load/index.ts';
import { collectKustomizationInputs, type KustomizationInputs } from './kustomization-inputs.ts';
import type { KustomizeBinary } from './kustomize-binary.ts';
import { startConcurrently } from '../core/concurrency.ts';
import type { RenderCache } from './render-cache.ts';
import {
  defaultSandboxLimits,
  ranOutOfMemory,
  remoteBaseAccess,
  reportConfinement,
  runSandboxed,
  type RemoteBaseAccess,
  type SandboxLimits,
} from './sandbox.ts';
import { kustomizationFileIn } from './targets.ts';
import { writeWrapperKustomization } from './wrapper.ts';

export interface RenderOptions {
  kustomize: KustomizeBinary;
  /**
   * Extra `kustomize build` flags, as Argo CD's `kustomize.buildOptions`; checked against the
   * allow-list (scripts/render/build-options.ts) again here, whoever the caller is.
   */
  buildOptions: readonly string[];
  /** `false`, or the hosts remote bases may come from. */
  allowRemoteBases: false | readonly string[];
  /** Bounds of every kustomize process; default `defaultSandboxLimits`. */
  limits?: SandboxLimits;
  /** Which confinement is in force (`--verbose`). */
  log?: (line: string) => void;
  /** Protections that could not be set up; default: a line on stderr. */
  warn?: (line: string) => void;
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
}

/** One target, rendered or not. */
export interface RenderedTarget {
  /** The target as displayed (relative to cwd). */
  target: string;
  kustomizationFile: string;
  inputs: KustomizationInputs;
  /**
   * Directory of the wrapper: origin paths in the output are relative to it. The wrapper lived in
   * a private temporary directory, removed after the build: the path is only resolved against.
   */
  wrapperDir: string;
  /** The rendered YAML stream; with origin and transformer annotations when `annotated`. */
  output?: string;
  annotated: boolean;
  /** Why there is no output, each located where a person edits; empty when rendered. */
  failures: BuildFailure[];
  fromCache: boolean;
}

/**
 * Renders every target, concurrently and bounded, never failing as a whole; results in the order
 * of `targets`. Every target's inputs are read first (a few milliseconds), to start the builds
 * that read the most files first. A render slot goes from one build to the next with no file
 * read awaited in between: what comes before a build (cache key, cache lookup) is synchronous.
 * The sandbox report is awaited, so whatever waits on the last build (its target's load) may run
 * first; measured, that costs nothing while kustomize keeps both cores busy.
 */
export async function renderTargets(targets: readonly string[], givenOptions: RenderOptions): Promise<RenderedTarget[]> {
  return Promise.all(renderEachTarget(targets, givenOptions));
}

/**
 * renderTargets with each target's render its own promise (in the order of `targets`), settled
 * when its build ends, so that a target can be used while the others still build.
 */
export function renderEachTarget(targets: readonly string[], givenOptions: RenderOptions): Promise<RenderedTarget>[] {
  const checked = checkBuildOptions(givenOptions.buildOptions);
  if (checked.problems.length > 0) {
    throw new ConfigError(checked.problems.map((problem) => `render.kustomizeBuildOptions: ${problem.message}`));
  }
  const options: RenderOptions = { ...givenOptions, buildOptions: checked.arguments };
  const located = targets.map((target) => locateTarget(target, options));
  const order = longestFirst(located.map((target) => target.inputs));
  const started = startConcurrently(order, options.concurrency, (index) => renderTarget(located[index]!, options));
  const each = new Array<Promise<RenderedTarget>>(targets.length);
  order.forEach((index, position) => void (each[index] = started[position]!));
  return each;
}

/**
 * The order renderTargets starts the builds in (the benchmark's render floor uses it too): the
 * targets whose builds read the most files first, so that the slots finish together instead of
 * one build running on alone at the end. A build's time grows with the files kustomize parses.
 */
export function buildOrder(targets: readonly string[], options: Pick<RenderOptions, 'cwd' | 'allowRemoteBases'>): string[] {
  return longestFirst(targets.map((target) => locateTarget(target, options).inputs)).map((index) => targets[index]!);
}

/** Indexes of `inputs`, the most files first; ties keep their order. */
function longestFirst(inputs: readonly KustomizationInputs[]): number[] {
  return inputs.map((_, index) => index).sort((a, b) => inputs[b]!.files.length - inputs[a]!.files.length || a - b);
}

/** A target's directory, kustomization file and the files its build reads. */
interface LocatedTarget {
  target: string;
  dir: string;
  kustomizationFile: string;
  inputs: KustomizationInputs;
}

function locateTarget(target: string, options: Pick<RenderOptions, 'cwd' | 'allowRemoteBases'>): LocatedTarget {
  const dir = path.resolve(options.cwd, target);
  const kustomizationFile = kustomizationFileIn(dir) ?? path.join(dir, 'kustomization.yaml');
  return { target, dir, kustomizationFile, inputs: collectKustomizationInputs(dir, { repoRoot: options.cwd, allowRemoteBases: options.allowRemoteBases }) };
}

async function renderTarget({ target, dir, kustomizationFile, inputs }: LocatedTarget, options: RenderOptions): Promise<RenderedTarget> {
  // The wrapper of an annotated build sits two levels below the private root; origins in a cached
  // output are relative to a directory of that shape, whichever build wrote them.
  const cachedWrapperDir = options.annotate ? path.join(privateRoot(), 'kustomize-render-cached', 'wrapper') : dir;
  const base = { target, kustomizationFile, inputs, wrapperDir: cachedWrapperDir, annotated: options.annotate, fromCache: false, failures: [] };
  // What the inputs check refused is never given to kustomize (nor read for the cache key).
  if (inputs.problems.length > 0) return { ...base, failures: inputs.problems };
  const key = cacheKey(dir, inputs, options);
  const cached = key === undefined ? undefined : options.cache?.get(key);
  if (cached !== undefined) return { ...base, output: cached, fromCache: true };

  // HOME and the wrapper: a fresh private directory outside the repository, gone after the build.
  const privateDir = mkdtempSync(path.join(privateRoot(), 'kustomize-render-'));
  try {
    const home = path.join(privateDir, 'home');
    mkdirSync(home, { mode: 0o700 });
    const wrapperDir = options.annotate ? path.join(privateDir, 'wrapper') : dir;
    if (options.annotate) {
      mkdirSync(wrapperDir, { mode: 0o700 });
      writeWrapperKustomization(dir, wrapperDir);
    }
    return await buildTarget({ target, dir, kustomizationFile, inputs, wrapperDir, home, key }, options);
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
  }
}

/** The render cache key of a target's build; undefined without a cache. */
function cacheKey(dir: string, inputs: KustomizationInputs, options: RenderOptions): string | undefined {
  const mode = options.annotate ? 'annotated' : 'plain';
  // Annotated output holds origin paths relative to the wrapper, whose place depends on the
  // private root, resolved against this checkout: such entries are not shared between checkouts.
  const placement = options.annotate ? [`wrapper-root:${privateRoot()}`, `repository:${path.resolve(options.cwd)}`] : [];
  return options.cache?.key(options.cwd, dir, inputs.files, options.kustomize.version, [mode, ...placement, ...options.buildOptions]);
}

interface TargetBuild {
  target: string;
  dir: string;
  kustomizationFile: string;
  inputs: KustomizationInputs;
  wrapperDir: string;
  home: string;
  /** The render cache key (no entry for it yet); undefined without a cache. */
  key: string | undefined;
}

async function buildTarget(build: TargetBuild, options: RenderOptions): Promise<RenderedTarget> {
  const { target, dir, kustomizationFile, inputs, wrapperDir, key } = build;
  const base = { target, kustomizationFile, inputs, wrapperDir, annotated: options.annotate, fromCache: false, failures: [] };
  // An input beyond the load stage's bounds (an alias bomb, a huge or unreadable text) would take
  // kustomize to its limits; it is refused at its own line instead. Cached renders passed this.
  const beyondBounds = screenManifests(inputs.manifests, options.cwd);
  if (beyondBounds.length > 0) return { ...base, failures: beyondBounds };

  // Said once per run, before the first kustomize process: a run whose renders all come from the
  // cache starts none, and probes nothing.
  await reportConfinement(options.log ?? (() => {}), options.warn ?? ((line) => process.stderr.write(`validate: warning: ${line}\n`)));
  const limits = options.limits ?? defaultSandboxLimits;
  let remoteBases: RemoteBaseAccess | undefined;
  if (inputs.remoteReferences.length > 0) {
    remoteBases = remoteBaseAccess(build.home);
    const hosts = inputs.remoteReferences.map((reference) => reference.reference).join(', ');
    if (remoteBases === undefined) {
      return { ...base, failures: [{ message: `remote bases (${hosts}) need git, which this machine does not have`, file: kustomizationFile, line: 1, column: 1 }] };
    }
    options.log?.(`${target}: network and git allowed for the remote bases render.allowRemoteBases permits (${hosts})`);
  }
  // Always started in the target directory, whichever kustomization it builds.
  const run = (from: string) => runKustomize(options.kustomize, from, options.buildOptions, { cwd: dir, home: build.home, limits, remoteBases });
  const built = await run(wrapperDir);
  if (built.ok) {
    if (options.cache && key) options.cache.set(key, built.stdout);
    return { ...base, output: built.stdout };
  }
  if (built.limit !== undefined) {
    return { ...base, failures: [{ message: built.limit, file: kustomizationFile, line: 1, column: 1 }] };
  }
  // A file kustomize cannot parse: its own line, found by the load stage (kustomize names only the file).
  const unparsable = syntaxProblems(inputs.manifests, options.cwd);
  if (unparsable.length > 0) return { ...base, failures: unparsable };
  // Build the target itself for the error, so the message speaks of the repo's paths, not the wrapper's.
  const direct = options.annotate ? await run(dir) : built;
  const stderr = direct.ok || direct.limit !== undefined ? built.stderr : direct.stderr;
  const failure = await describeBuildFailure(stderr, kustomizationFile, options.cwd);
  return { ...base, failures: [{ ...failure, message: `kustomize build failed: ${failure.message}` }] };
}

/** The bound-class YAML problems of the files kustomize would parse, at their own lines. */
function screenManifests(manifests: readonly string[], cwd: string): BuildFailure[] {
  const failures: BuildFailure[] = [];
  for (const file of manifests) {
    const source = readSourceFile(path.relative(cwd, file), file);
    if (source instanceof Error) continue;
    for (const problem of source.boundProblems()) failures.push({ message: problem.message, file, line: problem.line, column: problem.column });
  }
  return failures;
}

/**
 * The YAML syntax errors in the files kustomize read, at their own lines: after a failed build
 * only, so a good build never pays for a second parse.
 */
function syntaxProblems(manifests: readonly string[], cwd: string): BuildFailure[] {
  const failures: BuildFailure[] = [];
  for (const file of manifests) {
    const source = readSourceFile(path.relative(cwd, file), file);
    if (source instanceof Error) continue;
    const [problem] = source.syntaxProblems();
    if (problem !== undefined) failures.push({ message: `YAML: ${problem.message} (kustomize cannot read this file)`, file, line: problem.line, column: problem.column });
  }
  return failures;
}

/** The system's temporary directory, symlinks resolved, as kustomize sees the wrapper's path. */
let resolvedTmpdir: string | undefined;
function privateRoot(): string {
  resolvedTmpdir ??= realpathSync(tmpdir());
  return resolvedTmpdir;
}

/** A build's output, or why it failed: kustomize's error text, or the limit that stopped it. */
type BuildResult = { ok: true; stdout: string } | { ok: false; stderr: string; limit?: string };

async function runKustomize(
  kustomize: KustomizeBinary,
  kustomizationDir: string,
  buildOptions: readonly string[],
  sandbox: { cwd: string; home: string; limits: SandboxLimits; remoteBases: RemoteBaseAccess | undefined },
): Promise<BuildResult> {
  const { limits } = sandbox;
  const result = await runSandboxed(kustomize.command, [...kustomize.args, kustomizationDir, ...buildOptions], sandbox);
  if (result.outcome === 'timeout') {
    return { ok: false, stderr: result.stderr, limit: `kustomize did not finish within render.timeoutSeconds (${limits.timeoutSeconds} s) and was stopped` };
  }
  if (result.outcome === 'output-limit') {
    return { ok: false, stderr: result.stderr, limit: `kustomize wrote more than render.maxOutputBytes (${limits.maxOutputBytes} bytes) and was stopped` };
  }
  if (result.code === 0) return { ok: true, stdout: result.stdout };
  if (ranOutOfMemory(result.stderr)) {
    return { ok: false, stderr: result.stderr, limit: `kustomize ran out of memory under render.maxMemoryBytes (${limits.maxMemoryBytes} bytes of address space)` };
  }
  return { ok: false, stderr: result.stderr || `kustomize exited with ${result.signal ?? `code ${result.code}`}` };
}
