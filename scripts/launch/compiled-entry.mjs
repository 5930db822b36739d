// Plain JavaScript on purpose: it runs before any TypeScript loader, so that `npm run validate`
// pays neither tsx's start-up nor its per-module cost.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';

const scriptsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.dirname(scriptsDir);
/**
 * Two levels below the repo root, like every module under scripts/<stage>/, so the paths those
 * modules resolve from import.meta.url (../../schemas, ../../package.json) hold in the bundle too.
 */
const bundleDir = path.join(repoRoot, '.cache', 'bundle');

/**
 * Imports entry point `main` of the TypeScript sources, from one bundled module per entry point
 * that esbuild (the transpiler tsx itself uses) writes into the git-ignored .cache and rebuilds
 * whenever any source file changes. Loading ~150 TypeScript files through tsx took most of a run
 * on a small repo; the bundle loads in a fraction of that, in the main thread and in every worker.
 * If the bundle cannot be built, the sources are loaded through tsx instead.
 *
 * @param {Record<string, string>} entries output name → source path under scripts/
 * @param {string} main the entry to import
 */
export async function importCompiled(entries, main) {
  const stamp = path.join(bundleDir, 'sources.sha256');
  let hash;
  try {
    hash = sourceHash();
    const current = await readFile(stamp, 'utf8').catch(() => '');
    if (current !== hash) await build(entries, hash, stamp);
  } catch {
    return importFromSource(entries, main);
  }
  const bundled = path.join(bundleDir, `${main}.cjs`);
  // A bundle file removed by hand while its stamp stayed: build it again.
  if (!existsSync(bundled)) await build(entries, hash, stamp).catch(() => {});
  return existsSync(bundled) ? loadBundled(main) : importFromSource(entries, main);
}

async function importFromSource(entries, main) {
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(path.join(scriptsDir, entries[main])).href);
}

/**
 * Runs one bundled entry point (CommonJS) with V8's code cache for it: compiling the ~1 MB
 * bundle took ~80 ms of every run. The cache is written when the process exits, so it holds the
 * functions the run compiled, not only the top level; V8 rejects a stale or damaged one.
 *
 * @param {string} main
 */
export function loadBundled(main) {
  const file = path.join(bundleDir, `${main}.cjs`);
  const codeCacheFile = `${file}.v8`;
  const code = readFileSync(file, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
    filename: file,
    cachedData: readOptional(codeCacheFile),
  });
  if (script.cachedDataRejected !== false) {
    process.once('exit', () => writeAtomically(codeCacheFile, script.createCachedData()));
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, bundleDir);
  return module.exports;
}

async function build(entries, hash, stamp) {
  const { build: esbuild } = await import('esbuild');
  const staging = `${bundleDir}.${process.pid}.tmp`;
  await esbuild({
    entryPoints: Object.entries(entries).map(([out, entry]) => ({ out, in: path.join(scriptsDir, entry) })),
    outdir: staging,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    // CommonJS, so that loadBundled can run it through vm.Script with a code cache.
    format: 'cjs',
    target: 'node20',
    // Dependencies are bundled too: loading `yaml`'s and ajv's CommonJS files one by one cost ~0.1 s a run.
    external: ['esbuild', 'tsx'],
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'silent',
  });
  await mkdir(bundleDir, { recursive: true });
  // Each file is renamed into place, so a concurrent run sees an old or a new file, never half a one.
  for (const out of Object.keys(entries)) {
    await rename(path.join(staging, `${out}.cjs`), path.join(bundleDir, `${out}.cjs`));
    await rm(path.join(bundleDir, `${out}.cjs.v8`), { force: true });
    // What `new Worker(new URL('./<entry>.mjs', import.meta.url))` finds from inside the bundle.
    const shim =
      '// Written by scripts/launch/compiled-entry.mjs: starts a bundled entry point in a worker thread.\n' +
      `import { loadBundled } from ${JSON.stringify(path.relative(bundleDir, fileURLToPath(import.meta.url)).split(path.sep).join('/'))};\n` +
      `loadBundled(${JSON.stringify(out)});\n`;
    await writeFile(path.join(bundleDir, `${out}.mjs`), shim);
  }
  await rm(staging, { recursive: true, force: true });
  await writeFile(`${stamp}.${process.pid}`, hash);
  await rename(`${stamp}.${process.pid}`, stamp);
}

/** Synchronous on purpose: ~150 small files, read one after another through the thread pool, took ~50 ms. */
function sourceHash() {
  const hash = createHash('sha256');
  const files = readdirSync(scriptsDir, { recursive: true })
    .filter((file) => file.endsWith('.ts') || file.endsWith('.mjs'))
    .sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(scriptsDir, file))).update('\0');
  return hash.digest('hex');
}

function readOptional(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A cache that cannot be written only costs the compile again next time. */
function writeAtomically(file, content) {
  const temporary = `${file}.${process.pid}.${threadId}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, file);
  } catch {
    // Left to the next run.
  }
}
