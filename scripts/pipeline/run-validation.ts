import path from 'node:path';
import { loadCheckConfig, runRules } from '../check/index.ts';
import type { PlanEntry } from '../argocd/index.ts';
import type { ClusterOptions } from '../cluster/index.ts';
import { cacheDirectory } from '../core/cache-files.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { ParserKind } from '../load/index.ts';
import { locateResources } from '../locate/index.ts';
import { SourceFiles } from '../render/index.ts';
import type { Summary, ValidatedResource } from '../report/index.ts';
import { createSchemaValidator, describeUnevaluatedRules } from '../validate/index.ts';
import { runArgocdStage } from './argocd-stage.ts';
import { locateAll } from './locate-all.ts';
import { cachesUsable } from './caches.ts';
import { environmentOf, loadClusterProfiles } from './environments.ts';
import { InputError, resolveInputs } from './inputs.ts';
import { kustomizationManifests } from './kustomization-manifests.ts';
import { validatePlainFiles } from './plain-files.ts';
import { contextTargetsOf, renderAll } from './render-all.ts';
import { loadRenderedTargets } from './rendered-manifests.ts';
import { renderedTargetSchemaFindings } from './schema-findings.ts';
import { scopesOf, withoutFindingsOfBrokenScopes } from './scopes.ts';

export interface ValidationOptions {
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
  /** Locate every object, not only those with findings (JUnit lists each one): render every target with origins. */
  locateEveryResource?: boolean;
  /** A Git revision to compare with (`--base`): the plan and the base-aware rules. */
  base?: string;
  /** Progress lines for --verbose. */
  log?: (line: string) => void;
  /** A live cluster (`--cluster`): its context, and whether to dry-run apply the environment there. */
  cluster?: ClusterOptions;
}

export interface ValidationResult {
  diagnostics: Diagnostic[];
  summary: Summary;
  /** Every validated object and where it is declared (with `locateEveryResource`). */
  resources: ValidatedResource[];
  /** What each cluster's Argo CD does when the change lands (with `base`), and the clusters modelled. */
  plan?: { entries: PlanEntry[]; clusters: string[] };
}

export { InputError };

/** render → load → validate → argocd model → check → locate: the whole run, as data. Throws only for usage errors. */
export async function runValidation(options: ValidationOptions): Promise<ValidationResult> {
  const cwd = path.resolve(options.cwd);
  const log = options.log ?? (() => {});
  const parser = options.parser ?? 'fast';
  const files = new SourceFiles(cwd);
  const cache = options.cache && cachesUsable(cwd, log);
  const validatorCache = cache ? cacheDirectory('validators') : false;
  const { config } = loadCheckConfig(path.resolve(options.configFile ?? path.join(cwd, 'validate.config.yaml')), { validatorCache, repositoryRoot: cwd });
  const inputs = resolveInputs(options.paths, cwd);
  if (options.base !== undefined && inputs.targets.length === 0 && inputs.files.length > 0) {
    throw new InputError('--base compares what Argo CD deploys: give kustomize targets of the repository (or no path), not plain files');
  }
  const partial = options.paths.length > 0;
  const profiles = loadClusterProfiles(cwd, (absolute) => files.display(absolute), validatorCache);
  const contextTargets = partial ? contextTargetsOf(inputs.targets, cwd, profiles.profiles) : [];
  const renderSettings = { cwd, cache, render: config.render, log };

  // render: started first, it takes most of a run; the validator compiles meanwhile.
  const rendering = renderAll([...inputs.targets, ...contextTargets], { ...renderSettings, annotate: options.locateEveryResource === true, profiles: profiles.profiles });
  rendering.catch(() => {}); // a usage error below must not leave it unhandled; it is awaited after
  const validator = createSchemaValidator({ cacheDir: validatorCache, verdictCacheDir: cache && cacheDirectory('verdicts') });
  const versions = validator.kubernetesVersions();
  const plainVersion = options.kubernetesVersion ?? versions.at(-1) ?? '';
  if (!versions.includes(plainVersion)) throw new InputError(`unknown Kubernetes version ${plainVersion}: schemas are bundled for ${versions.join(', ')}`);
  const contextOf = (file: string) => ({ kubernetesVersion: plainVersion, environment: environmentOf(path.relative(cwd, path.resolve(cwd, file)), profiles.profiles)?.environment });
  const plain = validatePlainFiles(inputs.files, { cwd, parser, ignoreMissingSchemas: options.ignoreMissingSchemas, inlineExemptions: options.inlineExemptions, config, contextOf, validator });

  // load, validate
  const loadContext = { profiles: profiles.profiles, versions, plainVersion, parser, files };
  const loaded = loadRenderedTargets(await rendering, loadContext);
  const isContext = new Set(contextTargets);
  const own = loaded.filter((target) => !isContext.has(target.target.target));
  const ownManifests = own.flatMap((target) => target.manifests);
  const findings = [...(partial ? [] : profiles.findings), ...plain.findings, ...own.flatMap((target) => target.findings)];
  for (const target of own) findings.push(...renderedTargetSchemaFindings(target, validator, options.ignoreMissingSchemas));
  validator.persistCodeCaches();
  for (const line of describeUnevaluatedRules(validator.unevaluatedCelRules())) log(line);

  // argocd model: each cluster's Applications and what they deploy, from the objects just loaded; with --base, the plan
  const renderMore = async (targets: readonly string[]) => loadRenderedTargets(await renderAll(targets, { ...renderSettings, annotate: false }), loadContext);
  const argocd = await runArgocdStage(loaded, own, { cwd, files, profiles: profiles.profiles, renderMore, renderSettings, loadContext, ...(options.base === undefined ? {} : { base: options.base }) });
  findings.push(...(argocd?.findings ?? []));

  // check: every rule once; context targets are checked against, not reported on
  const renderedByTarget = new Map(loaded.filter((target) => target.target.output !== undefined).map((target) => [target.target.target, target.manifests]));
  const kustomizations = kustomizationManifests(own.map((target) => target.target), files);
  const checked = runRules(scopesOf(loaded.flatMap((target) => target.manifests), kustomizations), config, {
    inlineExemptions: options.inlineExemptions,
    argocd: (environment) => (environment === undefined ? undefined : argocd?.views.get(environment)),
    renderedObjects: (target) => renderedByTarget.get(target),
  });
  findings.push(...withoutFindingsOfBrokenScopes(checked.findings.filter((finding) => !isContext.has(finding.target)), loaded, { files, profiles: profiles.profiles }));
  // cluster: the live API server's verdict on the environment (--cluster, --server-dry-run)
  if (options.cluster !== undefined) {
    // Loaded only for --cluster: the Kubernetes client is most of the bundle's size, and every other run is spared its start-up.
    const { clusterFindings } = await import('../cluster/index.ts');
    findings.push(...(await clusterFindings(options.cluster, { manifests: loaded.flatMap((target) => target.manifests), views: argocd?.views, profiles: profiles.profiles, log })));
  }

  // locate: only targets with findings (or plan changes) are rendered again, with origins
  const renderWithOrigins = async (targets: readonly string[]) => {
    const again = loadRenderedTargets(await renderAll(targets, { ...renderSettings, annotate: true }), loadContext);
    return new Map(again.map((target) => [target.target.target, target.manifests]));
  };
  const diagnostics = await locateAll(findings, { argocd, own, cwd, profiles: profiles.profiles, renderWithOrigins });
  const manifests = [...plain.manifests, ...ownManifests];
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  return {
    diagnostics,
    ...(argocd?.plan === undefined ? {} : { plan: { entries: argocd.plan.entries, clusters: [...argocd.views.keys()] } }),
    resources: options.locateEveryResource === true ? locateResources(manifests) : [],
    summary: {
      targets: inputs.targets.length + inputs.files.length,
      resources: manifests.length,
      errors,
      warnings: diagnostics.length - errors,
      exemptions: plain.exemptionsApplied + checked.exemptionsApplied,
    },
  };
}
