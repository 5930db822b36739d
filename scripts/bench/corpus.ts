import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { appBundle, argoApplication, type App, type BundleKind, type Doc } from './corpus-objects.ts';
import { defectNames, injectDefect, isWorkload, workloadDefects, type DefectName } from './corpus-defects.ts';
import { seededRandom, type Random } from './random.ts';

export interface CorpusOptions {
  /** Exact number of documents (resources) to write. */
  resources: number;
  seed: number;
  /** Share of documents that get exactly one defect, e.g. 0.03. */
  invalidRatio: number;
}

export interface CorpusCounts {
  resources: number;
  files: number;
  invalid: number;
  byKind: Record<string, number>;
  byDefect: Record<DefectName, number>;
}

const teams = ['payments', 'search', 'catalog', 'identity', 'billing', 'media', 'ml-platform', 'notifications', 'analytics', 'shipping', 'support', 'checkout'];
const envs = ['dev', 'staging', 'prod'];
const appWords = ['api', 'gateway', 'indexer', 'frontend', 'scheduler', 'exporter', 'ledger', 'resolver', 'router', 'store', 'sync', 'notifier'];
const bundleMix: readonly BundleKind[] = ['web', 'web', 'web', 'web', 'web', 'worker', 'worker', 'worker', 'database', 'database'];
/** Documents per file: a few hundred files for 20,000 resources, as a large platform repo has. */
const documentsPerFile = 64;

/**
 * Writes a synthetic GitOps corpus under `dir`: one folder per namespace plus `argocd/` for the
 * Applications, multi-document YAML files, exactly `resources` documents of which
 * round(resources × invalidRatio) carry one defect each, the defects in equal shares.
 * Same options, same bytes.
 */
export async function writeCorpus(dir: string, options: CorpusOptions): Promise<CorpusCounts> {
  const plan = planDefects(options);
  const defectRandom = seededRandom(options.seed ^ 0x5eed);
  const counts: CorpusCounts = {
    resources: 0,
    files: 0,
    invalid: 0,
    byKind: {},
    byDefect: Object.fromEntries(defectNames.map((name) => [name, 0])) as Record<DefectName, number>,
  };
  const files = new FileBatcher(dir, options.seed, counts);
  let index = 0;
  for (const { folder, doc } of corpusDocuments(options)) {
    const defect = plan.get(index++);
    if (defect) {
      injectDefect(doc, defect, defectRandom);
      counts.byDefect[defect]++;
      counts.invalid++;
    }
    counts.byKind[doc.kind] = (counts.byKind[doc.kind] ?? 0) + 1;
    counts.resources++;
    await files.add(folder, doc);
  }
  await files.flushAll();
  return counts;
}

/** The valid documents in order, each with the folder it goes to; deterministic per seed. */
function* corpusDocuments(options: CorpusOptions): Generator<{ folder: string; doc: Doc }> {
  const random = seededRandom(options.seed);
  const namespaces = teams.flatMap((team) => envs.map((env) => ({ team, env, namespace: `${team}-${env}` })));
  let produced = 0;
  for (let appIndex = 0; produced < options.resources; appIndex++) {
    const home = namespaces[appIndex % namespaces.length]!;
    const app: App = { ...home, name: `${random.pick(appWords)}-${appIndex}` };
    const bundle = appBundle(random.pick(bundleMix), app, random).map((doc) => ({ folder: app.namespace, doc }));
    for (const entry of [...bundle, { folder: 'argocd', doc: argoApplication(app) }]) {
      if (produced === options.resources) return;
      produced++;
      yield entry;
    }
  }
}

/**
 * Which document gets which defect. A first pass over the (cheap to rebuild) documents finds
 * the workloads, so defects that need containers land on workloads and every defect gets its
 * share, whatever the mix of kinds.
 */
function planDefects(options: CorpusOptions): Map<number, DefectName> {
  const random = seededRandom(options.seed ^ 0xdef3c7);
  const workloads: number[] = [];
  const others: number[] = [];
  let index = 0;
  for (const { doc } of corpusDocuments(options)) (isWorkload(doc) ? workloads : others).push(index++);
  random.shuffle(workloads);
  random.shuffle(others);

  const plan = new Map<number, DefectName>();
  const invalid = Math.round(options.resources * options.invalidRatio);
  for (let i = 0; i < invalid; i++) {
    const wanted = defectNames[i % defectNames.length]!;
    const needsWorkload = workloadDefects.has(wanted);
    // A tiny corpus may run out of workloads: fall back to a defect any object can carry.
    const pool = needsWorkload && workloads.length > 0 ? workloads : others.length > 0 ? others : workloads;
    const chosen = pool.pop();
    if (chosen === undefined) break;
    plan.set(chosen, pool === others && needsWorkload ? fallbackDefect(random) : wanted);
  }
  return plan;
}

function fallbackDefect(random: Random): DefectName {
  return random.pick(defectNames.filter((name) => !workloadDefects.has(name)));
}

/** Collects documents per folder and writes a file every `documentsPerFile` documents. */
class FileBatcher {
  private readonly pending = new Map<string, string[]>();
  private readonly written = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly seed: number,
    private readonly counts: CorpusCounts,
  ) {}

  async add(folder: string, doc: Doc): Promise<void> {
    const documents = this.pending.get(folder) ?? [];
    documents.push(dump(doc, { lineWidth: -1, noRefs: true }));
    this.pending.set(folder, documents);
    if (documents.length >= documentsPerFile) await this.flush(folder);
  }

  async flushAll(): Promise<void> {
    for (const folder of [...this.pending.keys()].sort()) await this.flush(folder);
  }

  private async flush(folder: string): Promise<void> {
    const documents = this.pending.get(folder);
    if (!documents || documents.length === 0) return;
    const index = this.written.get(folder) ?? 0;
    this.written.set(folder, index + 1);
    this.pending.set(folder, []);
    const header = `# Synthetic benchmark corpus (scripts/bench/corpus.ts, seed ${this.seed})\n`;
    await mkdir(join(this.dir, folder), { recursive: true });
    await writeFile(join(this.dir, folder, `resources-${String(index).padStart(3, '0')}.yaml`), header + documents.map((text) => `---\n${text}`).join(''));
    this.counts.files++;
  }
}
