// Plain JavaScript on purpose: it runs before any TypeScript loader, so that `npm run validate`
// pays neither tsx's start-up nor its per-module cost.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
  let bundle;
  try {
    const hash = sourceHash();
    const stamp = path.join(bundleDir, 'sources.sha256');
    const current = await readFile(stamp, 'utf8').catch(() => '');
    if (current !== hash) await build(entries, hash, stamp);
    bundle = pathToFileURL(path.join(bundleDir, `${main}.mjs`)).href;
  } catch {
    const { register } = await import('tsx/esm/api');
    register();
    return import(pathToFileURL(path.join(scriptsDir, entries[main])).href);
  }
  return import(bundle);
}

async function build(entries, hash, stamp) {
  const { build: esbuild } = await import('esbuild');
  const staging = `${bundleDir}.${process.pid}.tmp`;
  await esbuild({
    entryPoints: Object.entries(entries).map(([out, entry]) => ({ out, in: path.join(scriptsDir, entry) })),
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies are bundled too: loading `yaml`'s and ajv's CommonJS files one by one cost ~0.1 s a run.
    external: ['esbuild', 'tsx'],
    // The bundled CommonJS packages require Node's built-in modules.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  await mkdir(bundleDir, { recursive: true });
  // Each file is renamed into place, so a concurrent run sees an old or a new file, never half a one.
  for (const out of Object.keys(entries)) {
    await rename(path.join(staging, `${out}.mjs`), path.join(bundleDir, `${out}.mjs`));
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
