// Plain JavaScript on purpose: the launcher uses it before any TypeScript loader runs, and the
// TypeScript stages use the same code (scripts/core/cache-files.ts), so there is one rule for
// what a cache may hold and where.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Every cache of the toolkit (render outputs, compiled validators, V8 code caches, the bundle of
 * its own sources, the kustomize version probe) lives under one directory outside any work tree:
 * `$VALIDATE_CACHE_DIR`, else `$XDG_CACHE_HOME/llm-platform-gitops`, else
 * `~/.cache/llm-platform-gitops`. A pull request can write anything inside the repository,
 * `.cache/` included, so nothing there is ever read. Each entry carries an HMAC-SHA256 of its
 * path and bytes under a key that lives only in this directory (mode 0600), and is used only
 * when that checks out: an entry this toolkit did not write, or one damaged since, is a miss.
 */

const MAGIC = Buffer.from('llm-platform-gitops cache v1\n');
const MAC_BYTES = 32;

export class CacheLocationError extends Error {}

/** The configured cache directory, absolute (it may not exist yet). */
export function cacheRoot() {
  const configured = process.env.VALIDATE_CACHE_DIR;
  if (configured !== undefined && configured !== '') return path.resolve(configured);
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(safeHome(), '.cache');
  return path.join(base, 'llm-platform-gitops');
}

function safeHome() {
  try {
    return homedir();
  } catch {
    return path.join(tmpdir(), `llm-platform-gitops-${userInfo().uid}`);
  }
}

/**
 * Throws CacheLocationError when the cache directory lies inside one of `trees` (the repository
 * being validated, the toolkit's own checkout): files there are written by pull requests.
 */
export function assertOutside(root, trees) {
  const real = realpathOfNearest(root);
  for (const tree of trees) {
    const realTree = realpathOfNearest(tree);
    const relative = path.relative(realTree, real);
    if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
      throw new CacheLocationError(
        `the cache directory ${root} is inside ${tree}, where a pull request can write; ` +
          'set VALIDATE_CACHE_DIR to a directory outside the repository',
      );
    }
  }
}

/** realpath of the path, or of its nearest existing ancestor joined with the rest. */
function realpathOfNearest(file) {
  let current = path.resolve(file);
  const rest = [];
  for (;;) {
    try {
      return path.join(realpathSync(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.join(current, ...rest);
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

let keyState;

/**
 * The HMAC key, created on first use: 32 random bytes in `<root>/key`, mode 0600, in a
 * directory of mode 0700 owned by this user. When any of that cannot be ensured (another
 * owner, group- or world-writable, a symlink), caching is off for the run and `untrustedReason`
 * says why.
 */
function key() {
  if (keyState !== undefined) return keyState.key;
  const root = cacheRoot();
  try {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    const problem = unsafe(lstatSync(root), 'directory');
    if (problem !== undefined) throw new Error(`${root} ${problem}`);
    const keyFile = path.join(root, 'key');
    if (!existsSync(keyFile)) createKey(keyFile);
    const info = lstatSync(keyFile);
    const keyProblem = unsafe(info, 'file') ?? ((info.mode & 0o077) !== 0 ? 'is readable by others' : undefined);
    if (keyProblem !== undefined) throw new Error(`${keyFile} ${keyProblem}`);
    const bytes = readFileSync(keyFile);
    if (bytes.length !== MAC_BYTES) throw new Error(`${keyFile} is not a key this toolkit wrote`);
    keyState = { key: bytes };
  } catch (error) {
    keyState = { key: undefined, reason: error instanceof Error ? error.message : String(error) };
  }
  return keyState.key;
}

function createKey(keyFile) {
  let fd;
  try {
    fd = openSync(keyFile, 'wx', 0o600);
  } catch (error) {
    if (error.code === 'EEXIST') return;
    throw error;
  }
  try {
    writeSync(fd, randomBytes(MAC_BYTES));
  } finally {
    closeSync(fd);
  }
}

function unsafe(info, expected) {
  if (expected === 'directory' ? !info.isDirectory() : !info.isFile()) return `is not a ${expected}`;
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) return 'belongs to another user';
  if ((info.mode & 0o022) !== 0) return 'is writable by others';
  return undefined;
}

/** Why caching is off for this run, or undefined when it is on. */
export function untrustedReason() {
  key();
  return keyState.reason;
}

function mac(secret, file, payload) {
  return createHmac('sha256', secret).update(path.resolve(file)).update('\0').update(payload).digest();
}

/** The payload of a cache entry this toolkit wrote at `file`, or undefined. */
export function readCacheEntry(file) {
  const secret = key();
  if (secret === undefined) return undefined;
  let bytes;
  try {
    const info = lstatSync(file);
    if (!info.isFile()) return undefined;
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const header = MAGIC.length + MAC_BYTES;
  if (bytes.length < header || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = bytes.subarray(header);
  const expected = mac(secret, file, payload);
  return timingSafeEqual(expected, bytes.subarray(MAGIC.length, header)) ? payload : undefined;
}

/**
 * Writes a cache entry atomically (a temporary file, then a rename), so a concurrent run reads
 * an old or a new entry, never half of one. A cache that cannot be written only costs the work
 * again next time, so failure is silent.
 */
export function writeCacheEntry(file, content) {
  const secret = key();
  if (secret === undefined) return;
  const payload = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const temporary = `${file}.${process.pid}.${threadId}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, Buffer.concat([MAGIC, mac(secret, file, payload), payload]), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
  } catch {
    rmSync(temporary, { force: true });
  }
}
