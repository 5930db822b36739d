import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBlockSubset } from '../scripts/render/kustomization-block-subset.ts';
import { collectKustomizationInputs } from '../scripts/render/kustomization-inputs.ts';
import { readKustomizationText } from '../scripts/render/kustomization-reader.ts';
import { kustomizationReferences } from '../scripts/render/kustomization-references.ts';
import { configMapFile, decoyCount, generateCases, resourceCount, type GeneratedCase } from './helpers/kustomization-cases.ts';

/**
 * The kustomization reader against the real kustomize (`kubectl kustomize`) on generated
 * kustomizations: for each, either the reader refuses it, or the resources it reads are exactly
 * the ones kustomize includes. Cases it accepts are built a hundred at a time, as resources of
 * one kustomization, so 1,000 cases take a few seconds: `npm test` runs 1,000,
 * `npm run test:differential` 5,000 (KUSTOMIZATION_DIFFERENTIAL_CASES and _SEED choose others).
 */
const caseCount = Number(process.env.KUSTOMIZATION_DIFFERENTIAL_CASES ?? 1000);
const seed = Number(process.env.KUSTOMIZATION_DIFFERENTIAL_SEED ?? 20261202);
const batchSize = 100;

const root = mkdtempSync(path.join(tmpdir(), 'kustomization-differential-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const kubectl = findKubectl();
const isolation = networkIsolation();

describe('kustomization reader against kustomize', () => {
  it('reads the block subset as the yaml package does, on every generated case it does not decline', () => {
    let fast = 0;
    for (const generated of generateCases(caseCount, seed)) {
      if (readBlockSubset(generated.content.toString('utf8')) === undefined) continue;
      fast++;
      expect(readingOf(generated, 'auto'), generated.id).toEqual(readingOf(generated, 'yaml'));
    }
    expect(fast).toBeGreaterThan(caseCount / 10);
  });

  it.skipIf(kubectl === undefined)(`agrees on ${caseCount} generated kustomizations or refuses them`, async () => {
    const cases = generateCases(caseCount, seed);
    const accepted: Array<{ generated: GeneratedCase; expected: string[] }> = [];
    for (const generated of cases) {
      const dir = writeCase(generated);
      const inputs = collectKustomizationInputs(dir, { repoRoot: root, allowRemoteBases: false });
      if (inputs.problems.length > 0) continue;
      const expected = inputs.files
        .filter((file) => !inputs.kustomizations.includes(file))
        .map((file) => `${generated.id}-${path.basename(file, '.yaml')}`)
        .sort();
      accepted.push({ generated, expected });
    }

    const batches: Array<typeof accepted> = [];
    for (let start = 0; start < accepted.length; start += batchSize) batches.push(accepted.slice(start, start + batchSize));
    const included = new Map<string, string[] | string>();
    await runConcurrently(batches, 2, async (batch, index) => {
      const batchDir = path.join(root, `batch${index}`);
      mkdirSync(batchDir);
      writeFileSync(path.join(batchDir, 'kustomization.yaml'), `resources:\n${batch.map(({ generated }) => `  - ../cases/${generated.id}\n`).join('')}`);
      const built = await kustomize(batchDir);
      if (typeof built === 'string') {
        // One case broke the batch: build each on its own to tell which.
        for (const { generated } of batch) {
          const own = await kustomize(path.join(root, 'cases', generated.id));
          included.set(generated.id, typeof own === 'string' ? own : own.filter((name) => name.startsWith(`${generated.id}-`)));
        }
        return;
      }
      for (const { generated } of batch) included.set(generated.id, built.filter((name) => name.startsWith(`${generated.id}-`)));
    });

    const disagreements = accepted.flatMap(({ generated, expected }) => {
      const got = included.get(generated.id);
      const actual = Array.isArray(got) ? [...got].sort() : got;
      return JSON.stringify(actual) === JSON.stringify(expected)
        ? []
        : [{ id: generated.id, features: generated.features, content: generated.content.toString('latin1'), reader: expected, kustomize: actual }];
    });
    console.log(
      `kustomization differential: ${cases.length} cases, ${cases.length - accepted.length} refused by the reader, ` +
        `${accepted.length} built by kustomize (${isolation.length > 0 ? isolation.join(' ') : 'network not isolated'}), ${disagreements.length} disagreements`,
    );
    for (const disagreement of disagreements.slice(0, 20)) {
      const told = typeof disagreement.kustomize === 'string' ? disagreement.kustomize.split('\n')[0] : disagreement.kustomize?.join(' ');
      console.log(`${disagreement.id} [${disagreement.features.join(' ')}] reader: ${disagreement.reader.join(' ')}; kustomize: ${told}`);
    }
    expect(disagreements).toEqual([]);
    expect(accepted.length).toBeGreaterThan(caseCount / 5);
  }, 600_000);
});

/** References or problems of a case, as one of the two readers gives them. */
function readingOf(generated: GeneratedCase, parser: 'auto' | 'yaml'): unknown {
  const read = readKustomizationText('kustomization.yaml', generated.content, parser);
  return 'problems' in read ? read.problems : kustomizationReferences(read.document);
}

function writeCase(generated: GeneratedCase): string {
  const dir = path.join(root, 'cases', generated.id);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < resourceCount; i++) writeFileSync(path.join(dir, `r${i}.yaml`), configMapFile(generated.id, `r${i}.yaml`));
  for (let i = 0; i < decoyCount; i++) writeFileSync(path.join(dir, `d${i}.yaml`), configMapFile(generated.id, `d${i}.yaml`));
  writeFileSync(path.join(dir, generated.fileName), generated.content);
  return dir;
}

/** The ConfigMap names kustomize renders for `dir`, or its error text. */
function kustomize(dir: string): Promise<string[] | string> {
  const command = [...isolation, kubectl as string, 'kustomize', dir];
  return new Promise((resolve) => {
    execFile(command[0] as string, command.slice(1), { env: { HOME: root }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error !== null) resolve(stderr || error.message);
      else resolve([...stdout.matchAll(/^ {2}name: (\S+)$/gm)].map((match) => match[1] as string));
    });
  });
}

async function runConcurrently<T>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await run(items[index] as T, index);
      }
    }),
  );
}

function findKubectl(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `unshare --net` when this machine allows a new network namespace: kustomize then reaches nothing. */
function networkIsolation(): string[] {
  try {
    execFileSync('unshare', ['--net', 'true'], { stdio: 'ignore' });
    return ['unshare', '--net'];
  } catch {
    return [];
  }
}
