import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The file names kustomize accepts for a kustomization, in its order of preference. */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The top-level folders whose kustomizations are deployed, hence rendered and validated. */
export const targetRoots = ['overlays', 'apps', 'clusters'];

/** The kustomization file inside `dir`, or undefined when `dir` holds none. */
export async function kustomizationFileIn(dir: string): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return undefined;
  }
  const found = kustomizationFileNames.find((name) => names.includes(name));
  return found === undefined ? undefined : path.join(dir, found);
}

/**
 * Every directory under overlays/, apps/ and clusters/ that holds a kustomization: the render
 * targets of the repo, relative to `repoRoot`, sorted.
 */
export async function discoverTargets(repoRoot: string): Promise<string[]> {
  const targets: string[] = [];
  for (const root of targetRoots) {
    await collectTargets(path.join(repoRoot, root), repoRoot, targets);
  }
  return targets.sort();
}

async function collectTargets(dir: string, repoRoot: string, targets: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const kustomization = entries.find(
    (entry) => entry.isFile() && kustomizationFileNames.includes(entry.name),
  );
  // A Component cannot be built on its own: it is rendered through the overlays that use it.
  if (kustomization && !(await isComponent(path.join(dir, kustomization.name)))) {
    targets.push(path.relative(repoRoot, dir) || '.');
  }
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
      await collectTargets(path.join(dir, entry.name), repoRoot, targets);
    }
  }
}

async function isComponent(kustomizationFile: string): Promise<boolean> {
  const text = await readFile(kustomizationFile, 'utf8').catch(() => '');
  return /^kind:\s*Component\s*$/m.test(text);
}
