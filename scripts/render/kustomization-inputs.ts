import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SourceFile } from '../load/index.ts';
import { kustomizationFileIn } from './targets.ts';

/** What one render target reads: the closure of its kustomizations and the files they name. */
export interface KustomizationInputs {
  /** Every file the build reads (absolute), sorted: the render cache key is made of these. */
  files: string[];
  /** The kustomization files in the closure (absolute), outermost first. */
  kustomizations: string[];
  /** Remote resources (URLs, git references) and the kustomization that names them. */
  remoteReferences: Array<{ kustomization: string; reference: string }>;
}

/** Fields whose string values name files or directories, and whether directories recurse. */
const directoryOrFileFields = ['resources', 'bases', 'components'] as const;
const fileListFields = ['crds', 'configurations', 'generators', 'transformers', 'validators'] as const;

/**
 * Walks a target's kustomization and everything it includes. The files are small and local:
 * reading them synchronously is much faster than a thread-pool round trip for each. It reads
 * the same fields kustomize reads, so that editing any input invalidates exactly the targets that include it.
 */
export function collectKustomizationInputs(targetDir: string): KustomizationInputs {
  const files = new Set<string>();
  const kustomizations: string[] = [];
  const remoteReferences: KustomizationInputs['remoteReferences'] = [];
  const visited = new Set<string>();

  function visitDirectory(dir: string): void {
    if (visited.has(dir)) return;
    visited.add(dir);
    const file = kustomizationFileIn(dir);
    if (file === undefined) return;
    files.add(file);
    kustomizations.push(file);
    const kustomization = readKustomization(file);
    if (kustomization === undefined) return;

    const references: string[] = [];
    for (const field of directoryOrFileFields) references.push(...stringsOf(kustomization[field]));
    for (const field of fileListFields) references.push(...stringsOf(kustomization[field]));
    for (const patch of arrayOf(kustomization.patches)) references.push(...stringsOf(patch?.path));
    for (const patch of arrayOf(kustomization.patchesJson6902)) references.push(...stringsOf(patch?.path));
    // patchesStrategicMerge entries are file paths or inline YAML; only the former are inputs.
    for (const entry of stringsOf(kustomization.patchesStrategicMerge)) {
      if (!entry.includes('\n')) references.push(entry);
    }
    for (const replacement of arrayOf(kustomization.replacements)) references.push(...stringsOf(replacement?.path));
    references.push(...stringsOf(kustomization.openapi?.path));
    for (const generator of [...arrayOf(kustomization.configMapGenerator), ...arrayOf(kustomization.secretGenerator)]) {
      for (const entry of stringsOf(generator?.files)) references.push(entry.replace(/^[^=]*=/, ''));
      references.push(...stringsOf(generator?.envs), ...stringsOf(generator?.env));
    }

    for (const reference of references) {
      if (isRemoteReference(reference)) {
        remoteReferences.push({ kustomization: file, reference });
        continue;
      }
      const resolved = path.resolve(dir, reference);
      const kind = kindOfPath(resolved);
      if (kind === 'directory') visitDirectory(resolved);
      else files.add(resolved);
    }
  }

  visitDirectory(path.resolve(targetDir));
  return { files: [...files].sort(), kustomizations, remoteReferences };
}

/** A URL or go-getter style git reference: kustomize fetches these over the network. */
export function isRemoteReference(reference: string): boolean {
  return /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(reference);
}

// Kustomization fields are untyped YAML here; each access is checked before use.
type Loose = any;

/**
 * Read as the load stage reads YAML (js-yaml where it gives the same result, as go-yaml types
 * it): every run reads every kustomization for the render cache keys, and the `yaml` package
 * took most of an unchanged run's parsing time.
 */
function readKustomization(file: string): Record<string, Loose> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // kustomize reports the unreadable file itself; the file is still an input of the target.
    return undefined;
  }
  // A broken file has no value (undefined) and is reported by kustomize's build.
  const value: unknown = new SourceFile(file, text).documents()[0];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Loose>) : undefined;
}

function arrayOf(value: unknown): Loose[] {
  return Array.isArray(value) ? value : [];
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function kindOfPath(file: string): 'directory' | 'file' | 'missing' {
  const info = statSync(file, { throwIfNoEntry: false });
  return info === undefined ? 'missing' : info.isDirectory() ? 'directory' : 'file';
}
