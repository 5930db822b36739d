import path from 'node:path';
import { deepFreeze, objectRef, type Manifest } from '../core/manifest.ts';
import { parsePointer } from '../core/pointer.ts';
import type { RenderedTarget } from '../render/index.ts';
import type { SourceFiles } from '../render/index.ts';

/**
 * Every kustomization file the targets read, once each, as manifests for the rules that check
 * kustomizations themselves (deprecated fields). Kustomize lets a file omit apiVersion and kind;
 * they are filled in so the rules can tell a Kustomization from a Component.
 */
export function kustomizationManifests(rendered: readonly RenderedTarget[], files: SourceFiles): Manifest[] {
  const seen = new Set<string>();
  const manifests: Manifest[] = [];
  for (const target of rendered) {
    for (const file of target.inputs.kustomizations) {
      if (seen.has(file)) continue;
      seen.add(file);
      const source = files.get(file);
      const document = source?.documents()[0];
      if (source === undefined || document === null || typeof document !== 'object' || Array.isArray(document)) continue;
      const fields = document as Record<string, unknown>;
      const metadata = (typeof fields.metadata === 'object' && fields.metadata !== null ? fields.metadata : {}) as Record<string, unknown>;
      const object = deepFreeze({
        ...fields,
        apiVersion: typeof fields.apiVersion === 'string' ? fields.apiVersion : 'kustomize.config.k8s.io/v1beta1',
        kind: typeof fields.kind === 'string' ? fields.kind : 'Kustomization',
        metadata: { ...metadata, name: typeof metadata.name === 'string' ? metadata.name : files.display(path.dirname(file)) },
      });
      manifests.push({
        object,
        ref: objectRef(object),
        target: target.target,
        kubernetesVersion: '',
        locate(pointer) {
          const { line, column } = source.locate(0, parsePointer(pointer));
          return { file: source.file, line, column };
        },
      });
    }
  }
  return manifests;
}
