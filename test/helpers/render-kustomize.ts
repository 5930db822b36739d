// Renders kustomize targets the way Argo CD does (the real kustomize, via `kubectl kustomize`)
// and parses the output into plain objects, for tests that assert facts about rendered manifests.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const execFileAsync = promisify(execFile);

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A rendered Kubernetes object, as parsed from kustomize's output. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  [field: string]: unknown;
}

export interface RenderResult {
  /** Target directory, relative to the repository root (for example `overlays/dev/db`). */
  target: string;
  objects: RenderedObject[];
  /** kustomize's or the YAML parser's complaint; undefined when the target rendered cleanly. */
  error?: string;
}

/** The kustomization file of a directory, or undefined when it has none. */
export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILE_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
}

/** Every directory under `tops` (relative to `root`) holding a kustomization file, sorted. */
export function findKustomizationDirs(root: string, tops: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    if (kustomizationFile(dir)) found.push(relative(root, dir));
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
    }
  };
  for (const top of tops) {
    const dir = join(root, top);
    if (existsSync(dir)) walk(dir);
  }
  return found.sort();
}

/** Renders one target; a failed build is reported in `error`, never thrown. */
export async function renderKustomize(root: string, target: string): Promise<RenderResult> {
  let stdout: string;
  try {
    ({ stdout } = await execFileAsync('kubectl', ['kustomize', join(root, target)], {
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    return { target, objects: [], error: stderr?.trim() || String(error) };
  }
  const objects: RenderedObject[] = [];
  for (const doc of parseAllDocuments(stdout)) {
    if (doc.errors.length > 0) {
      return { target, objects: [], error: doc.errors.map((e) => e.message).join('\n') };
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value as RenderedObject);
  }
  return { target, objects };
}
