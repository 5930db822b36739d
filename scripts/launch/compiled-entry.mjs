// Plain JavaScript on purpose: it runs before any TypeScript loader, so that `npm run validate`
// pays neither tsx's start-up nor its per-module cost.
import { isAscii } from 'node:buffer';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { sourceHash } from './source-hash.mjs';
import { cacheRoot, readCacheEntry, writeCacheEntry } from './trusted-cache.mjs';

const scriptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Where the bundled code believes it is: two levels below the repo root, like every module
 * under scripts/<stage>/, so the paths those modules resolve from import.meta.url
 * (../../schemas, ../../package.json) resolve inside the checkout.
 */
const bundleLocation = path.join(scriptsDir, 'launch', 'bundle.cjs');

/**
 * Imports entry point `main` of the TypeScript sources, from one bundled module per entry point
 * that esbuild (the transpiler tsx itself uses) builds whenever any source file changes. Loading
 * ~150 TypeScript files through tsx took most of a run on a small repo; the bundle loads in a
 * fraction of that. The bundle and its V8 code cache are
 * authenticated entries of the cache directory (trusted-cache.mjs), outside the work tree: code
 * this toolkit did not build is never run. If the bundle cannot be built, the sources are loaded
 * through tsx instead.
 *
 * @param {Record<string, string>} entries output name → source path under scripts/
 * @param {string} main the entry to import
 */
export async function importCompiled(entries, main) {
  let hash;
  let code;
  try {
    hash = sourceHash();
    code = loadCode(main, hash);
    if (code === undefined) {
      await build(entries, hash);
      code = loadCode(main, hash);
    }
  } catch {
    return importFromSource(entries, main);
  }
  return code === undefined ? importFromSource(entries, main) : runBundled(bundleFile(main, hash), code);
}

async function importFromSource(entries, main) {
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(scriptsDir, entries[main])).href);
}

/** One folder per state of the sources: a checkout never runs another checkout's bundle. */
function bundleFile(main, hash) {
  return path.join(cacheRoot(), 'bundle', hash.slice(0, 32), `${main}.cjs`);
}

/** The bundled code of `main` for sources of `hash`, when this toolkit built it. */
function loadCode(main, hash) {
  const bytes = readCacheEntry(bundleFile(main, hash));
  // esbuild escapes every non-ASCII character by default, and ASCII is its own Latin-1 text: no UTF-8 decoding.
  return bytes === undefined ? undefined : bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * Runs one bundled entry point (CommonJS), its code as read (and authenticated) from `file`,
 * with V8's code cache for it: compiling the ~1.6 MB bundle took ~80 ms of every run. The cache
 * is written when the process exits, so it holds the functions the run compiled, not only the
 * top level.
 *
 * @param {string} file
 * @param {string} code
 */
function runBundled(file, code) {
  const codeCacheFile = `${file}.v8`;
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __bundleUrl) {${code}\n})`,
    { filename: file, cachedData: readCacheEntry(codeCacheFile) },
  );
  if (script.cachedDataRejected !== false) {
    process.once('exit', () => writeCacheEntry(codeCacheFile, script.createCachedData()));
  }
  const module = { exports: {} };
  script.runInThisContext()(
    module.exports,
    createRequire(bundleLocation),
    module,
    bundleLocation,
    path.dirname(bundleLocation),
    pathToFileURL(bundleLocation).href,
  );
  return module.exports;
}

async function build(entries, hash) {
  const { build: esbuild } = await import('esbuild');
  // esbuild writes into a private temporary folder; only what is read back from there is signed.
  const staging = mkdtempSync(path.join(tmpdir(), 'validate-bundle-'));
  try {
    await esbuild({
      entryPoints: Object.entries(entries).map(([out, entry]) => ({ out, in: path.join(scriptsDir, entry) })),
      outdir: staging,
      outExtension: { '.js': '.cjs' },
      bundle: true,
      platform: 'node',
      // CommonJS, so that runBundled can run it through vm.Script with a code cache.
      format: 'cjs',
      target: 'node20',
      // Dependencies are bundled too: loading `yaml`'s and ajv's CommonJS files one by one cost ~0.1 s a run.
      // Not the Kubernetes client: it and its dependencies were most of the bundle (3.5 MB of it,
      // ~45 ms of every run's start), and only --cluster loads it, from the checkout's node_modules.
      external: ['esbuild', 'tsx', '@kubernetes/client-node'],
      // runBundled passes __bundleUrl: the checkout location the code resolves its files from.
      define: { 'import.meta.url': '__bundleUrl' },
      logLevel: 'silent',
    });
    for (const out of Object.keys(entries)) {
      writeCacheEntry(bundleFile(out, hash), readFileSync(path.join(staging, `${out}.cjs`)));
    }
    removeStaleBundles(path.dirname(bundleFile(main(entries), hash)));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function main(entries) {
  return Object.keys(entries)[0];
}

/** Bundles of other source states, untouched for a day (other checkouts may still use newer ones). */
function removeStaleBundles(current) {
  const parent = path.dirname(current);
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(parent)) {
    const dir = path.join(parent, name);
    if (dir !== current && statSync(dir, { throwIfNoEntry: false })?.mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
  }
}

