import path from 'node:path';
import { loadCheckConfig } from '../check/index.ts';
import { cacheDirectory } from '../core/cache-files.ts';
import { locateResources } from '../locate/index.ts';
import { SourceFiles } from '../render/index.ts';
import { createSchemaValidator, describeUnevaluatedRules } from '../validate/index.ts';
import { runArgocdStage } from './argocd-stage.ts';
import { checkAll } from './check-all.ts';
import { locateAll } from './locate-all.ts';
import { cachesUsable } from './caches.ts';
import { environmentOf, loadClusterProfiles } from './environments.ts';
import { InputError, resolveInputs } from './inputs.ts';
import { validatePlainFiles } from './plain-files.ts';
import { contextTargetsOf, renderAll, renderEach } from './render-all.ts';
import { loadRenderedTarget, loadRenderedTargets, type LoadedTarget } from './rendered-manifests.ts';
import { renderedTargetSchemaFindings } from './schema-findings.ts';
import { withoutFindingsOfBrokenScopes } from './scopes.ts';
import type { ValidationOptions, ValidationResult } from './validation-options.ts';

export type { ValidationOptions, ValidationResult };
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
  // cluster: opened beside the render (--cluster); its schemas validate its environment's objects. Loaded only for --cluster (the Kubernetes client).
  const opening = options.cluster && import('../cluster/index.ts').then(({ openCluster }) => openCluster(options.cluster!, { profiles: profiles.profiles, validatorCache, verdictCache: cache && cacheDirectory('verdicts'), log }));
  opening?.catch(() => {}); // awaited below
  const contextTargets = partial ? contextTargetsOf(inputs.targets, cwd, profiles.profiles) : [];
  const renderSettings = { cwd, cache, render: config.render, log };

  // render: started first, it takes most of a run; each target is loaded and validated as its build ends, while the others build.
  const rendering = renderEach([...inputs.targets, ...contextTargets], { ...renderSettings, annotate: options.locateEveryResource === true, profiles: profiles.profiles });
  rendering.catch(() => {}); // a usage error below must not leave it unhandled; it is awaited after
  const validator = createSchemaValidator({ cacheDir: validatorCache, verdictCacheDir: cache && cacheDirectory('verdicts') });
  const versions = validator.kubernetesVersions();
  const plainVersion = options.kubernetesVersion ?? versions.at(-1) ?? '';
  if (!versions.includes(plainVersion)) throw new InputError(`unknown Kubernetes version ${plainVersion}: schemas are bundled for ${versions.join(', ')}`);
  const contextOf = (file: string) => ({ kubernetesVersion: plainVersion, environment: environmentOf(path.relative(cwd, path.resolve(cwd, file)), profiles.profiles)?.environment });
  const plain = validatePlainFiles(inputs.files, { cwd, parser, ignoreMissingSchemas: options.ignoreMissingSchemas, inlineExemptions: options.inlineExemptions, config, contextOf, validator });

  // load, validate: context targets are loaded only
  const loadContext = { profiles: profiles.profiles, versions, plainVersion, parser, files };
  const isContext = new Set(contextTargets);
  const live = await opening; // cluster:
  const schemaValidatorOf = (target: LoadedTarget) => live?.schemaValidator(target.manifests[0]?.environment, validator) ?? validator;
  const validated = await Promise.all((await rendering).map(async (pending) => {
    const target = loadRenderedTarget(await pending, loadContext);
    return { target, schema: isContext.has(target.target.target) ? [] : renderedTargetSchemaFindings(target, schemaValidatorOf(target), options.ignoreMissingSchemas) };
  }));
  const loaded = validated.map(({ target }) => target);
  const own = loaded.filter((target) => !isContext.has(target.target.target));
  const ownManifests = own.flatMap((target) => target.manifests);
  const findings = [...(partial ? [] : profiles.findings), ...plain.findings, ...own.flatMap((target) => target.findings), ...validated.flatMap(({ schema }) => schema)];
  validator.persistCodeCaches();
  for (const line of describeUnevaluatedRules(validator.unevaluatedCelRules())) log(line);

  // argocd model: each cluster's Applications and what they deploy, from the objects just loaded; with --base, the plan
  const renderMore = async (targets: readonly string[]) => loadRenderedTargets(await renderAll(targets, { ...renderSettings, annotate: false }), loadContext);
  const argocd = await runArgocdStage(loaded, own, { cwd, files, profiles: profiles.profiles, renderMore, renderSettings, loadContext, ...(options.base === undefined ? {} : { base: options.base }) });
  findings.push(...(argocd?.findings ?? []));

  // check: every rule once; context targets are checked against, not reported on
  await live?.useLiveBase(argocd?.views); // cluster: the live objects as the base-aware rules' base
  const checked = checkAll(loaded, own, { config, inlineExemptions: options.inlineExemptions, argocd, files });
  findings.push(...withoutFindingsOfBrokenScopes(checked.findings.filter((finding) => !isContext.has(finding.target)), loaded, { files, profiles: profiles.profiles }));
  // cluster: the live API server's verdict on the environment (--cluster, --server-dry-run)
  if (live) {
    findings.push(...(await live.findings({ manifests: loaded.flatMap((target) => target.manifests), views: argocd?.views, log })));
  }

  // locate: only targets with findings (or plan changes) are rendered again, with origins
  const renderWithOrigins = async (targets: readonly string[]) => {
    const again = loadRenderedTargets(await renderAll(targets, { ...renderSettings, annotate: true }), loadContext);
    return new Map(again.map((target) => [target.target.target, target.manifests]));
  };
  const diagnostics = await locateAll(findings, { argocd, own, cwd, profiles: profiles.profiles, renderWithOrigins });
  const manifests = [...plain.manifests, ...ownManifests];
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const summary = { targets: inputs.targets.length + inputs.files.length, resources: manifests.length, errors, warnings: diagnostics.length - errors, exemptions: plain.exemptionsApplied + checked.exemptionsApplied };
  const plan = argocd?.plan === undefined ? {} : { plan: { entries: argocd.plan.entries, clusters: [...argocd.views.keys()] } };
  return { diagnostics, ...plan, resources: options.locateEveryResource === true ? locateResources(manifests) : [], summary };
}
