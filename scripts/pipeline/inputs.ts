import { readdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { discoverTargets, kustomizationFileIn } from '../render/index.ts';

/** What the command was asked to validate, sorted into render targets and plain files. */
export interface ResolvedInputs {
  /** Kustomization directories, relative to cwd. */
  targets: string[];
  /** Plain YAML/JSON files, relative to cwd (or as given when absolute). */
  files: string[];
}

export class InputError extends Error {}

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

/**
 * No paths: every target of the repo. Otherwise each path is a kustomization directory (a
 * target), a plain directory (walked; a subdirectory holding a kustomization becomes a target
 * instead of being walked) or a file. Synchronous, like every walk over small local files.
 */
export function resolveInputs(paths: readonly string[], cwd: string): ResolvedInputs {
  if (paths.length === 0) return { targets: discoverTargets(cwd), files: [] };
  const targets = new Set<string>();
  const files = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const info = statOrUndefined(absolute);
    if (info === undefined) throw new InputError(`no such file or directory: ${given}`);
    if (!info.isDirectory()) {
      files.add(given);
      continue;
    }
    const before = targets.size + files.size;
    walk(absolute, given, targets, files);
    if (targets.size + files.size === before) {
      throw new InputError(`${given}: no kustomization and no .yaml, .yml or .json files to validate`);
    }
  }
  return { targets: [...targets].sort(), files: [...files].sort() };
}

function walk(absolute: string, shown: string, targets: Set<string>, files: Set<string>): void {
  if (kustomizationFileIn(absolute) !== undefined) {
    targets.add(shown);
    return;
  }
  const entries = readdirSync(absolute, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const child = path.join(absolute, entry.name);
    const childShown = path.join(shown, entry.name);
    if (entry.isDirectory()) walk(child, childShown, targets, files);
    else if (entry.isFile() && manifestExtensions.has(path.extname(entry.name).toLowerCase())) files.add(childShown);
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
