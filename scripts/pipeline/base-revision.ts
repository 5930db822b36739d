import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { cacheDirectory } from '../core/cache-files.ts';
import { InputError } from './inputs.ts';

/** Work trees of base revisions kept for the next run (each one is a full checkout). */
const keptWorkTrees = 4;

function git(cwd: string, args: readonly string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).trim();
}

/**
 * A checkout of `revision` (the base of a change) to render as Argo CD renders it today: a
 * detached `git worktree` in the toolkit's cache directory, outside the work tree (a pull request
 * cannot put a forged base there), one per commit, reused while its HEAD is that commit and it is
 * clean. The revision is text from the command line: passed after `--end-of-options`.
 */
export function checkoutBase(cwd: string, revision: string): { root: string; commit: string } {
  let commit: string;
  try {
    commit = git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]);
  } catch {
    throw new InputError(`--base ${revision}: not a commit of the Git repository at ${cwd}`);
  }
  const parent = cacheDirectory('base');
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  const root = path.join(parent, commit);
  if (existsSync(root) && !reusable(root, commit)) {
    rmSync(root, { recursive: true, force: true });
    git(cwd, ['worktree', 'prune']);
  }
  if (!existsSync(root)) {
    try {
      git(cwd, ['worktree', 'add', '--detach', '--force', '--quiet', root, commit]);
    } catch (error) {
      throw new InputError(`--base ${revision}: git worktree add failed: ${String((error as { stderr?: unknown }).stderr ?? error).trim()}`);
    }
  }
  const now = new Date();
  utimesSync(root, now, now);
  removeOldWorkTrees(cwd, parent, commit);
  return { root, commit };
}

function reusable(root: string, commit: string): boolean {
  try {
    return git(root, ['rev-parse', 'HEAD']) === commit && git(root, ['status', '--porcelain', '--untracked-files=all']) === '';
  } catch {
    return false;
  }
}

function removeOldWorkTrees(cwd: string, parent: string, keep: string): void {
  const trees = readdirSync(parent)
    .filter((name) => name !== keep && /^[0-9a-f]{40,64}$/.test(name))
    .map((name) => ({ name, mtime: statSync(path.join(parent, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  const old = trees.slice(keptWorkTrees - 1);
  for (const { name } of old) rmSync(path.join(parent, name), { recursive: true, force: true });
  if (old.length > 0) git(cwd, ['worktree', 'prune']);
}
