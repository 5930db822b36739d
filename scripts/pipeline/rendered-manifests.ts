import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.ts';
import { deepFreeze, objectRef, type Manifest } from '../core/manifest.ts';
import { loadManifests, SourceFile, type ParserKind } from '../load/index.ts';
import { takeBuildMetadata } from '../render/build-metadata.ts';
import type { RenderedTarget } from '../render/render-targets.ts';
import { RenderedObjectLocator } from '../render/rendered-locator.ts';
import type { SourceFiles } from '../render/source-files.ts';

export interface RenderedTargetContext {
  kubernetesVersion: string;
  environment: string | undefined;
  parser: ParserKind;
  files: SourceFiles;
}

/**
 * The objects a target rendered to, with their build metadata removed and every pointer located
 * in the base, patch or kustomization file it came from. A failed build is one diagnostic.
 */
export function manifestsOfRenderedTarget(
  rendered: RenderedTarget,
  context: RenderedTargetContext,
): { manifests: Manifest[]; diagnostics: Diagnostic[] } {
  const kustomizationFile = context.files.display(rendered.kustomizationFile);
  if (rendered.output === undefined) {
    const failures = rendered.failures.length > 0 ? rendered.failures : [{ message: 'kustomize build gave no output', file: rendered.kustomizationFile, line: 1, column: 1 }];
    return {
      manifests: [],
      diagnostics: failures.map((failure) => ({
        ruleId: 'render',
        severity: 'error',
        message: failure.message,
        target: rendered.target,
        object: null,
        pointer: '',
        file: context.files.display(path.resolve(failure.file)),
        line: failure.line,
        column: failure.column,
      })),
    };
  }

  const source = new SourceFile(`${rendered.target} (rendered)`, rendered.output, { parser: context.parser });
  const { entries, problems } = loadManifests(source);
  // kustomize wrote this stream; a problem in it is reported at the target, with kustomize's words.
  const diagnostics: Diagnostic[] = problems.map((problem) => ({
    ruleId: 'render',
    severity: 'error',
    message: `rendered output: ${problem.message}`,
    target: rendered.target,
    object: null,
    pointer: problem.pointer,
    file: kustomizationFile,
    line: 1,
    column: 1,
  }));
  const manifests = entries.map(({ object: renderedObject }): Manifest => {
    const { object, metadata } = takeBuildMetadata(renderedObject, rendered.wrapperDir);
    deepFreeze(object);
    const locator = new RenderedObjectLocator(context.files, object, metadata, rendered.kustomizationFile);
    const manifest: Manifest = {
      object,
      ref: objectRef(object),
      target: rendered.target,
      kubernetesVersion: context.kubernetesVersion,
      locate: (pointer) => locator.locate(pointer),
    };
    return context.environment === undefined ? manifest : { ...manifest, environment: context.environment };
  });
  return { manifests, diagnostics };
}
