import { readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { inspectLocalPath, isInside, readRegularFile } from './input-files.ts';
import { kustomizationReferences, type Reference } from './kustomization-references.ts';
import { readKustomizationText } from './kustomization-reader.ts';
import type { LocatedProblem } from './located-problem.ts';
import { displayReference, remoteReference, remoteRefusal, type RemoteBasePolicy } from './remote-reference.ts';
import { kustomizationFileNames } from './targets.ts';

/** What one render target reads: the closure of its kustomizations and the files they name. */
export interface KustomizationInputs {
  /**
   * Every file the build reads (absolute), sorted: the render cache key is made of these. Only
   * regular files inside the repository within the size cap get here, so the key never reads a
   * device or a pipe.
   */
  files: string[];
  /**
   * The files of `files` that kustomize parses as YAML (resources, patches, CRDs, replacements,
   * configurations): all but generator data (`files`, `envs`, `env`), which may hold anything.
   */
  manifests: string[];
  /** The kustomization files in the closure (absolute), outermost first. */
  kustomizations: string[];
  /** Remote references the policy allows, and the kustomization that names them. */
  remoteReferences: Array<{ kustomization: string; reference: string }>;
  /** Why kustomize must not run on this target, each at the line a person edits. */
  problems: LocatedProblem[];
}

export interface InputOptions {
  /** Every local reference must resolve inside this directory (symlinks followed). */
  repoRoot: string;
  allowRemoteBases: RemoteBasePolicy;
}

/**
 * Walks a target's kustomization and everything it includes, reading each kustomization as
 * kustomize does (see kustomization-reader.ts) and checking every path it names before kustomize
 * runs. The files are small and local: reading them synchronously is much faster than a
 * thread-pool round trip for each. Editing any input invalidates exactly the targets that include it.
 */
export function collectKustomizationInputs(targetDir: string, options: InputOptions): KustomizationInputs {
  const files = new Set<string>();
  const manifests = new Set<string>();
  const kustomizations: string[] = [];
  const remoteReferences: KustomizationInputs['remoteReferences'] = [];
  const problems: LocatedProblem[] = [];
  const visited = new Set<string>();
  const repoRealRoot = realpathOrSelf(path.resolve(options.repoRoot));

  function visitDirectory(dir: string, realDir: string, from: LocatedProblem | undefined): void {
    if (visited.has(realDir)) return;
    visited.add(realDir);
    const names = kustomizationFileNamesIn(dir);
    const [name, other] = names;
    // No kustomization: kustomize's own error says so, at the entry that names the directory.
    if (name === undefined) return;
    const file = path.join(dir, name);
    kustomizations.push(file);
    if (other !== undefined) {
      problems.push({ ...(from ?? { file, line: 1, column: 1 }), message: `${path.relative(options.repoRoot, dir) || '.'} holds more than one kustomization file (${names.join(', ')}); kustomize refuses it` });
      return;
    }
    if (!isInside(realDir, repoRealRoot)) {
      problems.push({ file, line: 1, column: 1, message: 'the kustomization is outside the repository' });
      return;
    }
    const read = readKustomizationFile(file, repoRealRoot);
    if ('reason' in read) {
      problems.push({ file, line: 1, column: 1, message: `the kustomization ${read.reason}` });
      return;
    }
    files.add(file);
    const found = referencesOf(file, read.bytes);
    problems.push(...found.problems);
    for (const reference of found.references) visitReference(reference, file, dir);
  }

  function visitReference(reference: Reference, kustomization: string, dir: string): void {
    const at = (message: string): LocatedProblem => ({ file: kustomization, line: reference.line, column: reference.column, message });
    const remote = remoteReference(reference.value);
    if (remote !== undefined) {
      const refusal = remoteRefusal(reference.value, remote, options.allowRemoteBases);
      if (refusal === undefined) remoteReferences.push({ kustomization, reference: displayReference(reference.value) });
      else problems.push(at(`${reference.field}: ${refusal}`));
      return;
    }
    if (path.isAbsolute(reference.value)) {
      problems.push(at(`${reference.field}: "${reference.value}" is an absolute path; name files by a path relative to the kustomization, inside the repository`));
      return;
    }
    const resolved = path.resolve(dir, reference.value);
    if (!isInside(resolved, repoRealRoot) && !isInside(resolved, path.resolve(options.repoRoot))) {
      problems.push(at(`${reference.field}: "${reference.value}" is outside the repository`));
      return;
    }
    const local = inspectLocalPath(resolved, repoRealRoot);
    if (local.kind === 'refused') problems.push(at(`${reference.field}: "${reference.value}" ${local.reason}`));
    else if (local.kind === 'file') {
      files.add(resolved);
      if (!/^(configMapGenerator|secretGenerator)\[/.test(reference.field)) manifests.add(resolved);
    }
    else if (reference.kind !== 'file') visitDirectory(resolved, local.realPath, at(''));
    else problems.push(at(`${reference.field}: "${reference.value}" is a directory, not a file`));
  }

  const target = path.resolve(targetDir);
  visitDirectory(target, realpathOrSelf(target), undefined);
  return { files: [...files].sort(), manifests: [...manifests].sort(), kustomizations, remoteReferences, problems };
}

/**
 * What a kustomization names, remembered for the process by file and exact content: bases are
 * shared by many targets, and each target's walk would read them again.
 */
const readings = new Map<string, { bytes: Buffer; found: { references: Reference[]; problems: LocatedProblem[] } }>();

function referencesOf(file: string, bytes: Buffer): { references: Reference[]; problems: LocatedProblem[] } {
  const known = readings.get(file);
  if (known !== undefined && known.bytes.equals(bytes)) return known.found;
  const parsed = readKustomizationText(file, bytes);
  const found = 'problems' in parsed ? { references: [], problems: parsed.problems } : kustomizationReferences(parsed.document);
  readings.set(file, { bytes, found });
  return found;
}

/** The kustomization file names present in `dir`, in kustomize's order; one directory read, as the old walk did. */
function kustomizationFileNamesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return kustomizationFileNames.filter((name) => names.includes(name));
}

/**
 * A kustomization in a directory already known to be inside the repository: opened without
 * following a symlink, the common case costing no more than a plain read; a symlinked one is
 * resolved and checked first.
 */
function readKustomizationFile(file: string, repoRealRoot: string): { bytes: Buffer } | { reason: string } {
  const direct = readRegularFile(file);
  if ('bytes' in direct || !direct.reason.includes('ELOOP')) return direct;
  const local = inspectLocalPath(file, repoRealRoot);
  if (local.kind === 'refused') return { reason: local.reason };
  return local.kind === 'file' ? readRegularFile(local.realPath) : { reason: 'is a directory' };
}

function realpathOrSelf(dir: string): string {
  try {
    return realpathSync.native(dir);
  } catch {
    return dir;
  }
}

