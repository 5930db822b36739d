// Plain JavaScript: the launcher needs it before any TypeScript loads, and the bundled stages
// import it too (a cache keyed by what the toolkit's code does must change when that code does).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const scriptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Remembered for the process, not the module: the launcher and the bundle it runs each hold their
 * own copy of this module, and reading every source file once per run is enough.
 */
const memo = Symbol.for('llm-platform-gitops.source-hash');

/**
 * sha256 over the toolkit's own sources (every .ts and .mjs file under scripts/, by path and
 * content). Synchronous on purpose: ~250 small files, read one after another, the cost of a few ms.
 *
 * @returns {string}
 */
export function sourceHash() {
  const held = /** @type {Record<symbol, string | undefined>} */ (/** @type {unknown} */ (globalThis))[memo];
  if (held !== undefined) return held;
  const hash = createHash('sha256');
  const files = readdirSync(scriptsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') || file.endsWith('.mjs'))
    .sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(scriptsDir, file))).update('\0');
  const digest = hash.digest('hex');
  /** @type {Record<symbol, string | undefined>} */ (/** @type {unknown} */ (globalThis))[memo] = digest;
  return digest;
}
