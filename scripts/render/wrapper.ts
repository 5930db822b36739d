import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Annotations the wrapper asks kustomize for; they are removed before anything else sees the objects. */
export const originAnnotation = 'config.kubernetes.io/origin';
export const transformationsAnnotation = 'alpha.config.kubernetes.io/transformations';

/**
 * Writes a kustomization that includes the target by a relative path and turns on kustomize's
 * build metadata, so every rendered object says which file it came from and which
 * kustomizations transformed it. The wrapper adds nothing else, so the objects are exactly what
 * the target renders to.
 */
export function writeWrapperKustomization(targetDir: string, wrappersDir: string): string {
  const absoluteTarget = path.resolve(targetDir);
  const wrapperDir = path.join(wrappersDir, createHash('sha256').update(absoluteTarget).digest('hex').slice(0, 16));
  mkdirSync(wrapperDir, { recursive: true });
  const relative = path.relative(wrapperDir, absoluteTarget).split(path.sep).join('/');
  const text =
    '# Written by scripts/render: renders the target with origin annotations. Safe to delete.\n' +
    'apiVersion: kustomize.config.k8s.io/v1beta1\n' +
    'kind: Kustomization\n' +
    `resources:\n  - ${JSON.stringify(relative)}\n` +
    'buildMetadata: [originAnnotations, transformerAnnotations]\n';
  writeFileSync(path.join(wrapperDir, 'kustomization.yaml'), text);
  return wrapperDir;
}
