import path from 'node:path';
import { placedFinding, type Finding } from '../core/finding.ts';
import { deepFreeze, objectRef, type Manifest } from '../core/manifest.ts';
import { loadManifests, SourceFile, type ParserKind } from '../load/index.ts';
import { RenderedObjectLocator } from '../locate/index.ts';
import { takeBuildMetadata, type RenderedTarget, type SourceFiles } from '../render/index.ts';
import { environmentOf, type ClusterProfile } from './environments.ts';

export interface RenderedTargetContext {
  kubernetesVersion: string;
  environment: string | undefined;
  parser: ParserKind;
  files: SourceFiles;
}

/**
 * The objects a target rendered to, with their build metadata removed. Rendered with origins,
 * each can locate its pointers in the base, patch or kustomization file they came from; rendered
 * as Argo CD renders, each knows its position, and the locate stage renders again those that have
 * findings. A failed build is a finding per failure.
 */
export function manifestsOfRenderedTarget(
  rendered: RenderedTarget,
  context: RenderedTargetContext,
): { manifests: Manifest[]; findings: Finding[] } {
  const kustomizationFile = context.files.display(rendered.kustomizationFile);
  if (rendered.output === undefined) {
    const failures = rendered.failures.length > 0 ? rendered.failures : [{ message: 'kustomize build gave no output', file: rendered.kustomizationFile, line: 1, column: 1 }];
    return {
      manifests: [],
      findings: failures.map((failure) =>
        placedFinding('render', {
          message: failure.message,
          target: rendered.target,
          at: { file: context.files.display(path.resolve(failure.file)), line: failure.line, column: failure.column },
        }),
      ),
    };
  }

  const source = new SourceFile(`${rendered.target} (rendered)`, rendered.output, { parser: context.parser });
  const { entries, problems } = loadManifests(source);
  // kustomize wrote this stream; a problem in it is reported at the target, with kustomize's words.
  const findings = problems.map((problem) =>
    placedFinding('render', {
      message: `rendered output: ${problem.message}`,
      target: rendered.target,
      pointer: problem.pointer,
      at: { file: kustomizationFile, line: 1, column: 1 },
    }),
  );
  const manifests = entries.map(({ object: renderedObject }, position): Manifest => {
    const { object, metadata } = takeBuildMetadata(renderedObject, rendered.wrapperDir);
    deepFreeze(object);
    const manifest: Manifest = {
      object,
      ref: objectRef(object),
      target: rendered.target,
      kubernetesVersion: context.kubernetesVersion,
      position,
      ...(context.environment === undefined ? {} : { environment: context.environment }),
    };
    if (!rendered.annotated) return manifest;
    const locator = new RenderedObjectLocator(context.files, object, metadata, rendered.kustomizationFile);
    return { ...manifest, locate: (pointer) => locator.locate(pointer) };
  });
  return { manifests, findings };
}

/** What a rendered target loads to: its objects, and its YAML problems. */
export interface LoadedTarget {
  target: RenderedTarget;
  manifests: Manifest[];
  findings: Finding[];
}

export interface LoadContext {
  profiles: readonly ClusterProfile[];
  versions: readonly string[];
  plainVersion: string;
  parser: ParserKind;
  files: SourceFiles;
}

/** Every rendered target's objects, each validated against its cluster's Kubernetes version. */
export function loadRenderedTargets(rendered: readonly RenderedTarget[], context: LoadContext): LoadedTarget[] {
  return rendered.map((target) => loadRenderedTarget(target, context));
}

/** One rendered target's objects, for its cluster's Kubernetes version. */
export function loadRenderedTarget(target: RenderedTarget, context: LoadContext): LoadedTarget {
  const profile = environmentOf(target.target, context.profiles);
  const kubernetesVersion = profile && context.versions.includes(profile.kubernetesVersion) ? profile.kubernetesVersion : context.plainVersion;
  const loaded = manifestsOfRenderedTarget(target, { kubernetesVersion, environment: profile?.environment, parser: context.parser, files: context.files });
  return { target, ...loaded };
}
