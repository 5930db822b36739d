import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { dump } from 'js-yaml';
import { appBundle, argoApplication, defaultDenyPolicy, fillerConfigMap, type App, type BundleKind, type Doc } from './corpus-objects.ts';
import { canCarry, defectNames, injectDefect, type DefectName } from './corpus-defects.ts';
import { seededRandom } from './random.ts';

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
  for (const { file, doc } of corpusDocuments(options)) {
    const defect = plan.get(index++);
    if (defect) {
      injectDefect(doc, defect, defectRandom);
      counts.byDefect[defect]++;
      counts.invalid++;
    }
    counts.byKind[doc.kind] = (counts.byKind[doc.kind] ?? 0) + 1;
    counts.resources++;
    await files.add(file, doc);
  }
  await files.flushAll();
  return counts;
}

interface CorpusEntry {
  file: string;
  doc: Doc;
  /**
   * Defects go on application objects only: a broken default deny or filler would turn one
   * injected mistake into findings across a whole namespace file.
   */
  defectable: boolean;
}

/**
 * The valid documents in order, each with its file; deterministic per seed. An application's
 * objects stay in one file, because with plain files each file is the scope of cross-object
 * rules (a Service and its Deployment, a policy and its pods); every namespace file opens with
 * a default deny; the last few documents are fillers when a whole bundle no longer fits.
 */
function* corpusDocuments(options: CorpusOptions): Generator<CorpusEntry> {
  const random = seededRandom(options.seed);
  const namespaces = teams.flatMap((team) => envs.map((env) => ({ team, env, namespace: `${team}-${env}` })));
  const layout = new FileLayout();
  let produced = 0;
  for (let appIndex = 0; produced < options.resources; appIndex++) {
    const home = namespaces[appIndex % namespaces.length]!;
    const app: App = { ...home, name: `${random.pick(appWords)}-${appIndex}` };
    const bundle = appBundle(random.pick(bundleMix), app, random);
    const opensFile = layout.startsFile(app.namespace, bundle.length);
    const needed = bundle.length + 1 + (opensFile ? 1 : 0);
    if (options.resources - produced < needed) {
      for (; produced < options.resources; produced++) {
        const { file } = layout.reserve(app.namespace, 1);
        yield { file, doc: fillerConfigMap(app.namespace, `namespace-settings-${produced}`), defectable: false };
      }
      return;
    }
    const { file, index } = layout.reserve(app.namespace, bundle.length + (opensFile ? 1 : 0));
    if (opensFile) yield { file, doc: defaultDenyPolicy(app.namespace, `default-deny-${index}`), defectable: false };
    for (const doc of bundle) yield { file, doc, defectable: true };
    yield { file: layout.reserve('argocd', 1).file, doc: argoApplication(app), defectable: true };
    produced += needed;
  }
}

/** Which file of a folder the next documents go to: a new one when they would not fit. */
class FileLayout {
  private readonly current = new Map<string, { index: number; count: number }>();

  startsFile(folder: string, size: number): boolean {
    const state = this.current.get(folder);
    return state === undefined || state.count + size > documentsPerFile;
  }

  reserve(folder: string, size: number): { file: string; index: number } {
    let state = this.current.get(folder);
    if (state === undefined || state.count + size > documentsPerFile) state = { index: (state?.index ?? -1) + 1, count: 0 };
    state.count += size;
    this.current.set(folder, state);
    return { file: `${folder}/resources-${String(state.index).padStart(3, '0')}.yaml`, index: state.index };
  }
}

/**
 * Which document gets which defect: the defects take turns, each on a document that can carry
 * it, found by a first pass over the (cheap to rebuild) documents. A corpus too small for a
 * defect's candidates gives the turn to another defect, so the count stays exact.
 */
function planDefects(options: CorpusOptions): Map<number, DefectName> {
  const random = seededRandom(options.seed ^ 0xdef3c7);
  const candidates = new Map<DefectName, number[]>(defectNames.map((defect) => [defect, []]));
  let index = 0;
  for (const { doc, defectable } of corpusDocuments(options)) {
    if (defectable) for (const defect of defectNames) if (canCarry(doc, defect)) candidates.get(defect)!.push(index);
    index++;
  }
  for (const list of candidates.values()) random.shuffle(list);

  const plan = new Map<number, DefectName>();
  const takeUnused = (defect: DefectName): number | undefined => {
    const list = candidates.get(defect)!;
    let chosen = list.pop();
    while (chosen !== undefined && plan.has(chosen)) chosen = list.pop();
    return chosen;
  };
  const invalid = Math.round(options.resources * options.invalidRatio);
  for (let turn = 0; plan.size < invalid; turn++) {
    const order = defectNames.map((_, offset) => defectNames[(turn + offset) % defectNames.length]!);
    const defect = order.find((name) => candidates.get(name)!.some((candidate) => !plan.has(candidate)));
    if (defect === undefined) break;
    plan.set(takeUnused(defect)!, defect);
  }
  return plan;
}

/** Collects the documents of each folder's current file and writes it when the folder moves on. */
class FileBatcher {
  private readonly pending = new Map<string, { file: string; documents: string[] }>();

  constructor(
    private readonly dir: string,
    private readonly seed: number,
    private readonly counts: CorpusCounts,
  ) {}

  async add(file: string, doc: Doc): Promise<void> {
    const folder = dirname(file);
    let open = this.pending.get(folder);
    if (open?.file !== file) {
      if (open) await this.write(open.file, open.documents);
      open = { file, documents: [] };
      this.pending.set(folder, open);
    }
    open.documents.push(dump(doc, { lineWidth: -1, noRefs: true }));
  }

  async flushAll(): Promise<void> {
    for (const { file, documents } of [...this.pending.values()].sort((a, b) => (a.file < b.file ? -1 : 1))) await this.write(file, documents);
    this.pending.clear();
  }

  private async write(file: string, documents: readonly string[]): Promise<void> {
    const header = `# Synthetic benchmark corpus (scripts/bench/corpus.ts, seed ${this.seed})\n`;
    await mkdir(join(this.dir, dirname(file)), { recursive: true });
    await writeFile(join(this.dir, file), header + documents.map((text) => `---\n${text}`).join(''));
    this.counts.files++;
  }
}
