import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Annotations the wrapper asks kustomize for; they are removed before anything else sees the objects. */
export const originAnnotation = 'config.kubernetes.io/origin';
export const transformationsAnnotation = 'alpha.config.kubernetes.io/transformations';

/**
 * Writes, into `wrapperDir` (a fresh private directory, never one the repository controls), a
 * kustomization that includes the target by a relative path and turns on kustomize's build
 * metadata, so every rendered object says which file it came from and which kustomizations
 * transformed it. Origin paths are relative to `wrapperDir`. The wrapper adds nothing else, so
 * the objects are exactly what the target renders to.
 */
export function writeWrapperKustomization(targetDir: string, wrapperDir: string): void {
  const relative = path.relative(wrapperDir, path.resolve(targetDir)).split(path.sep).join('/');
  const text =
    '# Written by scripts/render: renders the target with origin annotations.\n' +
    'apiVersion: kustomize.config.k8s.io/v1beta1\n' +
    'kind: Kustomization\n' +
    `resources:\n  - ${JSON.stringify(relative)}\n` +
    'buildMetadata: [originAnnotations, transformerAnnotations]\n';
  // `wx`: the directory is new and private, so the file cannot already exist.
  writeFileSync(path.join(wrapperDir, 'kustomization.yaml'), text, { flag: 'wx', mode: 0o600 });
}
