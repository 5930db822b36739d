/** The render stage: every target built with the real kustomize, as Argo CD's repo-server builds it. */
export { takeBuildMetadata, type BuildMetadata } from './build-metadata.ts';
export { checkBuildOptions, type BuildOptionsCheck } from './build-options.ts';
export { findKustomize, KustomizeNotFoundError, kustomizeVersionWarning, type KustomizeBinary } from './kustomize-binary.ts';
export { RenderCache } from './render-cache.ts';
export { buildOrder, renderEachTarget, type RenderedTarget, type RenderOptions } from './render-targets.ts';
export { defaultSandboxLimits, goRuntimeSettings, type SandboxLimits } from './sandbox.ts';
export { SourceFiles } from './source-files.ts';
export { discoverTargets, kustomizationFileIn, kustomizationFileNames, targetRoots } from './targets.ts';
