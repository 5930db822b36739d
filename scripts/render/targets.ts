import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The file names kustomize accepts for a kustomization, in its order of preference. */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The top-level folders whose kustomizations are deployed, hence rendered and validated. */
export const targetRoots = ['overlays', 'apps', 'clusters'];

/** The kustomization file inside `dir`, or undefined when `dir` holds none. */
export function kustomizationFileIn(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const found = kustomizationFileNames.find((name) => names.includes(name));
  return found === undefined ? undefined : path.join(dir, found);
}

/**
 * Every directory under overlays/, apps/ and clusters/ that holds a kustomization: the render
 * targets of the repo, relative to `repoRoot`, sorted. Synchronous, like every walk over the
 * repo's small local files: a thread-pool round trip per directory costs more than the read.
 */
export function discoverTargets(repoRoot: string): string[] {
  const targets: string[] = [];
  for (const root of targetRoots) collectTargets(path.join(repoRoot, root), repoRoot, targets);
  return targets.sort();
}

function collectTargets(dir: string, repoRoot: string, targets: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const kustomization = entries.find(
    (entry) => entry.isFile() && kustomizationFileNames.includes(entry.name),
  );
  // A Component cannot be built on its own: it is rendered through the overlays that use it.
  if (kustomization && !isComponent(path.join(dir, kustomization.name))) {
    targets.push(path.relative(repoRoot, dir) || '.');
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
      collectTargets(path.join(dir, entry.name), repoRoot, targets);
    }
  }
}

function isComponent(kustomizationFile: string): boolean {
  let text = '';
  try {
    text = readFileSync(kustomizationFile, 'utf8');
  } catch {
    // Unreadable: not a Component; its build reports the problem.
  }
  return /^kind:\s*Component\s*$/m.test(text);
}
