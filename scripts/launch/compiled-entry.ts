import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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
 * Loading a TypeScript module through tsx costs a few milliseconds per file, and the validator
 * is about 150 files: most of a run on a small repo went into start-up. So the command runs
 * from one bundled module per entry point, built by esbuild (the transpiler tsx itself uses)
 * into the git-ignored .cache and rebuilt whenever any source file changes. Every worker thread
 * benefits the same way. If the build fails, the sources are imported as they are.
 */
export async function importCompiled(entries: Record<string, string>, main: string): Promise<unknown> {
  try {
    const hash = await sourceHash();
    const stamp = path.join(bundleDir, 'sources.sha256');
    const current = await readFile(stamp, 'utf8').catch(() => '');
    if (current !== hash) await build(entries, hash, stamp);
    return await import(pathToFileURL(path.join(bundleDir, `${main}.mjs`)).href);
  } catch {
    return import(pathToFileURL(path.join(scriptsDir, entries[main] as string)).href);
  }
}

async function build(entries: Record<string, string>, hash: string, stamp: string): Promise<void> {
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
    packages: 'external',
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

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(scriptsDir, { recursive: true }))
    .filter((file) => file.endsWith('.ts') || file.endsWith('.mjs'))
    .sort();
  for (const file of files) hash.update(`${file}\0`).update(await readFile(path.join(scriptsDir, file))).update('\0');
  return hash.digest('hex');
}
