import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertOutside, cacheDirectory, untrustedReason } from '../core/cache-files.ts';
import { compareDiagnostics, type Diagnostic } from '../core/diagnostic.ts';
import type { Manifest } from '../core/manifest.ts';
import { loadCheckConfig, runRules } from '../check/index.ts';
import type { RenderSettings } from '../check/config.ts';
import type { ParserKind } from '../load/index.ts';
import type { Summary, ValidatedResource } from '../report/index.ts';
import { findKustomize, kustomizeVersionWarning } from '../render/kustomize-binary.ts';
import { RenderCache } from '../render/render-cache.ts';
import { renderTargets, type RenderedTarget } from '../render/render-targets.ts';
import { SourceFiles } from '../render/source-files.ts';
import { createSchemaValidator } from '../validate/index.ts';
import { environmentOf, loadClusterProfiles, type ClusterProfile } from './environments.ts';
import { discoverTargets } from '../render/targets.ts';
import { InputError, resolveInputs } from './inputs.ts';
import { kustomizationManifests } from './kustomization-manifests.ts';
import { validatePlainFiles } from './plain-files.ts';
import { manifestsOfRenderedTarget } from './rendered-manifests.ts';
import { schemaDiagnostics } from './schema-diagnostics.ts';

export interface RunOptions {
  /** Targets or files; none means the whole repo. */
  paths: readonly string[];
  /** The repo root and the base for every displayed path. */
  cwd: string;
  /** Kubernetes version for plain files (targets use their cluster's). Default: newest bundled. */
  kubernetesVersion?: string;
  ignoreMissingSchemas: boolean;
  configFile?: string;
  inlineExemptions: boolean;
  /** Render, validator and kustomize-version caches in the cache directory (outside the work tree). */
  cache: boolean;
  /** The YAML parser of the happy path; tests compare the two. Default: fast. */
  parser?: ParserKind;
  /** Render every target with origins up front, because every resource will be located (JUnit). */
  locateResources?: boolean;
  /** Progress lines for --verbose. */
  log?: (line: string) => void;
}

export interface RunResult {
  diagnostics: Diagnostic[];
  summary: Summary;
  /** Every validated object and where it is declared; computed on demand (it reads sources). */
  resources(): ValidatedResource[];
}

export { InputError };

/** render → load → validate → check: the whole run, as data. Throws only for usage errors. */
export async function runValidation(options: RunOptions): Promise<RunResult> {
  const cwd = path.resolve(options.cwd);
  const log = options.log ?? (() => {});
  const started = performance.now();
  const phase = (name: string): void => log(`${name}: ${Math.round(performance.now() - started)} ms`);
  const files = new SourceFiles(cwd);
  options = { ...options, cache: options.cache && cacheUsable(cwd, log) };
  const validatorCache = options.cache ? cacheDirectory('validators') : false;
  const configFile = path.resolve(options.configFile ?? defaultConfigFile(cwd));
  const { config } = loadCheckConfig(configFile, { validatorCache, repositoryRoot: cwd });
  const inputs = resolveInputs(options.paths, cwd);
  phase('configuration and inputs');
  const profiles = loadClusterProfiles(cwd, (absolute) => files.display(absolute), validatorCache);
  // Renders are child processes that take most of a run: start them before anything else when
  // the targets are known up front (the whole repo). Validating chosen targets first needs the
  // cluster profiles, to add the rest of each target's environment as context.
  const firstLoads = new Map<string, LoadedTarget>();
  const renderedEarly: RenderedTarget[] = [];
  // Read by the early render's callback before it is assigned below; the straight pipeline of
  // issue 12 (render, then load) removes this late binding.
  // eslint-disable-next-line prefer-const
  let loadTarget: ((target: RenderedTarget) => LoadedTarget) | undefined;
  const startRendering = (contextTargets: readonly string[]) =>
    renderAll(
      [...inputs.targets, ...contextTargets],
      {
        ...options,
        annotate: options.locateResources === true,
        // Each target is loaded and schema-validated as soon as its render is done, while the
        // others still build.
        onRendered: (target) => (loadTarget ? firstLoads.set(target.target, loadTarget(target)) : renderedEarly.push(target)),
      },
      cwd,
      config.render,
      log,
      profiles.profiles,
    );
  const partial = options.paths.length > 0;
  const earlyRendering = partial ? undefined : startRendering([]);
  // Its failure (no kustomize, refused options) is reported where it is awaited, below; this
  // keeps an earlier usage error from leaving it unhandled.
  earlyRendering?.catch(() => {});

  const validator = createSchemaValidator({ cacheDir: validatorCache });
  const versions = validator.kubernetesVersions();
  const newest = versions[versions.length - 1] ?? '';
  const plainVersion = options.kubernetesVersion ?? newest;
  if (!versions.includes(plainVersion)) {
    throw new InputError(`unknown Kubernetes version ${plainVersion}: schemas are bundled for ${versions.join(', ')}`);
  }

  const diagnostics: Diagnostic[] = partial ? [] : [...profiles.diagnostics];
  const manifests: Manifest[] = [];

  // Cross-object rules need the whole cluster: validating one overlay renders the other targets
  // of its environment too, as context that is checked against but not reported on.
  const contextTargets = contextTargetsOf(inputs.targets, partial, cwd, profiles.profiles);
  const isContext = new Set(contextTargets);
  // A finding on an object of a target rendered without origins marks the target: it is then
  // rendered again with origins, and checked again, so that the finding is located in the file a
  // person edits. A clean target is built once, like Argo CD builds it.
  const needsOrigins = new Set<string>();
  loadTarget = (target: RenderedTarget): LoadedTarget => {
    const profile = environmentOf(target.target, profiles.profiles);
    const version = profile && versions.includes(profile.kubernetesVersion) ? profile.kubernetesVersion : plainVersion;
    const result = manifestsOfRenderedTarget(target, { kubernetesVersion: version, environment: profile?.environment, parser: options.parser ?? 'fast', files });
    if (isContext.has(target.target)) return { target, context: true, manifests: result.manifests, found: [] };
    const manifests = target.annotated
      ? result.manifests
      : result.manifests.map((manifest): Manifest => ({
          ...manifest,
          locate(pointer) {
            needsOrigins.add(target.target);
            return manifest.locate(pointer);
          },
        }));
    const found = [...result.diagnostics];
    for (const manifest of manifests) found.push(...schemaDiagnostics(manifest, validator, options.ignoreMissingSchemas));
    return { target, context: false, manifests, found };
  };
  for (const target of renderedEarly.splice(0)) firstLoads.set(target.target, loadTarget(target));
  const rendering = earlyRendering ?? startRendering(contextTargets);
  const plain = validatePlainFiles(inputs.files, {
    cwd,
    parser: options.parser ?? 'fast',
    ignoreMissingSchemas: options.ignoreMissingSchemas,
    inlineExemptions: options.inlineExemptions,
    config,
    contextOf: (file) => {
      const profile = environmentOf(path.relative(cwd, path.resolve(cwd, file)), profiles.profiles);
      return { kubernetesVersion: plainVersion, environment: profile?.environment };
    },
    validator,
  });
  manifests.push(...plain.manifests);
  diagnostics.push(...plain.diagnostics);
  const plainExemptions = plain.exemptionsApplied;
  phase(`plain files loaded, validated and checked (${plain.manifests.length} objects)`);

  const firstRender = await rendering;
  phase(`targets rendered (${firstRender.length})`);
  const check = (loads: readonly LoadedTarget[]) => {
    const own = loads.filter((load) => !load.context);
    const ownManifests = own.flatMap((load) => load.manifests);
    const contextManifests = loads.filter((load) => load.context).flatMap((load) => load.manifests);
    const kustomizations = kustomizationManifests(own.map((load) => load.target), files);
    const checked = runRules(scopesOf([...ownManifests, ...contextManifests], kustomizations), config, {
      inlineExemptions: options.inlineExemptions,
    });
    const found = [...own.flatMap((load) => load.found), ...checked.diagnostics.filter((diagnostic) => !isContext.has(diagnostic.target))];
    return { found, ownManifests, exemptions: checked.exemptionsApplied };
  };

  const load = loadTarget;
  let outcome = check(firstRender.map((target) => firstLoads.get(target.target) ?? load(target)));
  if (needsOrigins.size > 0) {
    const annotated = new Map(
      (await renderAll([...needsOrigins], { ...options, annotate: true }, cwd, config.render, log)).map((target) => [target.target, target]),
    );
    outcome = check(
      firstRender.map((target) => {
        const again = annotated.get(target.target);
        return again === undefined ? (firstLoads.get(target.target) ?? load(target)) : load(again);
      }),
    );
  }
  manifests.push(...outcome.ownManifests);
  diagnostics.push(...outcome.found);
  diagnostics.sort(compareDiagnostics);
  validator.persistCodeCaches();
  phase('rendered objects validated, rules checked');

  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  return {
    diagnostics,
    resources: () => manifests.map((manifest) => ({ target: manifest.target, object: manifest.ref, ...manifest.locate('') })),
    summary: {
      targets: inputs.targets.length + inputs.files.length,
      resources: manifests.length,
      errors,
      warnings: diagnostics.length - errors,
      exemptions: plainExemptions + outcome.exemptions,
    },
  };
}

/** A rendered target's objects and the findings on them that need no other object. */
interface LoadedTarget {
  target: RenderedTarget;
  /** Rendered only as context for cross-object rules: not reported on. */
  context: boolean;
  manifests: Manifest[];
  found: Diagnostic[];
}

async function renderAll(
  targets: readonly string[],
  options: RunOptions & { annotate: boolean; onRendered?: (target: RenderedTarget) => void },
  cwd: string,
  render: RenderSettings,
  log: (line: string) => void,
  // Given to the first render of a run only: its kustomize version warning is printed once.
  profiles?: readonly ClusterProfile[],
) {
  if (targets.length === 0) return [];
  // Next to the render cache, not in it: clearing rendered outputs need not probe kustomize again.
  const kustomize = await findKustomize({ repoRoot: cwd, ...(options.cache ? { cacheFile: path.join(cacheDirectory('kustomize'), 'version.json') } : {}) });
  const versionWarning = profiles === undefined ? undefined : kustomizeVersionWarning(kustomize, profiles);
  // stderr, never stdout: --format json and SARIF own stdout.
  if (versionWarning !== undefined) process.stderr.write(`warning: ${versionWarning}\n`);
  log(`kustomize: ${kustomize.description}; build options: ${render.kustomizeBuildOptions.join(' ') || '(none)'}`);
  const rendered = await renderTargets(targets, {
    kustomize,
    buildOptions: render.kustomizeBuildOptions,
    allowRemoteBases: render.allowRemoteBases,
    limits: render,
    log,
    cache: options.cache ? new RenderCache(cacheDirectory('render')) : undefined,
    cwd,
    concurrency: availableParallelism(),
    annotate: options.annotate,
    onRendered: options.onRendered,
  });
  for (const target of rendered) {
    log(`rendered ${target.target}${target.fromCache ? ' (cached)' : ''}${target.failures.length > 0 ? ' (failed)' : ''}`);
  }
  return rendered;
}

/** The repo's other targets that deploy to the same environments as the targets asked for. */
function contextTargetsOf(
  targets: readonly string[],
  partial: boolean,
  cwd: string,
  profiles: readonly ClusterProfile[],
): string[] {
  if (!partial || targets.length === 0) return [];
  const normalise = (target: string) => path.relative(cwd, path.resolve(cwd, target));
  const asked = new Set(targets.map(normalise));
  const environments = new Set(targets.map((target) => environmentOf(normalise(target), profiles)?.environment));
  environments.delete(undefined);
  if (environments.size === 0) return [];
  return discoverTargets(cwd).filter(
    (target) => !asked.has(normalise(target)) && environments.has(environmentOf(target, profiles)?.environment),
  );
}

/**
 * Cross-object rules see one scope at a time: every object deployed to one environment (its
 * cluster), each target of no known environment on its own, and the kustomization files. (All
 * plain files together are one more scope, checked on their own.)
 */
function scopesOf(rendered: Manifest[], kustomizations: Manifest[]): Manifest[][] {
  const byScope = new Map<string, Manifest[]>();
  for (const manifest of rendered) {
    const key = manifest.environment === undefined ? `target:${manifest.target}` : `environment:${manifest.environment}`;
    let scope = byScope.get(key);
    if (scope === undefined) byScope.set(key, (scope = []));
    scope.push(manifest);
  }
  return [...byScope.values(), kustomizations].filter((scope) => scope.length > 0);
}

/**
 * Whether the caches can be used: never from inside the repository (a pull request writes
 * there; that is a usage error), and not when the cache directory cannot be trusted (then the
 * run goes on without caches and says why).
 */
function cacheUsable(cwd: string, log: (line: string) => void): boolean {
  assertOutside(cacheDirectory('render'), [cwd, toolkitRoot]);
  const reason = untrustedReason();
  if (reason === undefined) return true;
  process.emitWarning(`caches are off for this run: ${reason}`);
  log(`caches off: ${reason}`);
  return false;
}

const toolkitRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function defaultConfigFile(cwd: string): string {
  return path.join(cwd, 'validate.config.yaml');
}
