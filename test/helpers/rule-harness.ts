/**
 * A RuleTester for fixture files: runs the rules the way the pipeline does (objects from the load
 * stage, pointers located in the fixture's own text, every object of the file in one scope) and
 * compares the findings of the rule under test with the fixture's expectations: message id,
 * line, column and data. The fixture format is described in scripts/check/rule-examples.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ClusterView, modelCluster, type RenderFunction } from '../../scripts/argocd/index.ts';
import type { ClusterFacts } from '../../scripts/core/cluster-facts.ts';
import { parse } from 'yaml';
import { deepFreeze, objectRef, type KubeObject, type Manifest } from '../../scripts/core/manifest.ts';
import { parsePointer } from '../../scripts/core/pointer.ts';
import type { Diagnostic } from '../../scripts/core/diagnostic.ts';
import { parseCheckConfig, ruleRegistry, runRules, type CheckConfig } from '../../scripts/check/index.ts';
import { locateInPlace } from '../../scripts/locate/index.ts';
import { fill, placeholdersOf } from '../../scripts/check/messages.ts';
import { expectationsIn, type Expectation } from '../../scripts/check/rule-examples.ts';
import type { AnyRule } from '../../scripts/check/types.ts';
import { loadManifests, SourceFile } from '../../scripts/load/index.ts';

export interface Fixture {
  file: string;
  environment: string | undefined;
  options: Record<string, unknown> | undefined;
  manifests: Manifest[];
  expectations: Expectation[];
  /** The Argo CD model of the fixture's objects (withArgocdModel), for the argocd-* rules. */
  argocd?: ClusterView;
}

/**
 * Where a fixture object is rendered from, for the Argo CD model: the `path` of the Application
 * source that deploys it. Objects without it are what `clusters/<env>` and the app-of-apps
 * directories render (AppProjects, Applications).
 */
export const fixtureSourcePathAnnotation = 'fixture.gitops.test/source-path';
/** On an object of a source directory: that directory fails to render, with this message. */
export const fixtureRenderFailureAnnotation = 'fixture.gitops.test/render-failure';

/** The branches and tags of the in-memory repository of the fixtures. */
const fixtureRevisions: ReadonlySet<string> = new Set(['main', 'v1.0.0']);
/** The cluster of the fixtures, as a cluster profile describes one. */
export const fixtureClusterFacts: ClusterFacts = {
  nodePools: [
    { name: 'general', count: 2, allocatable: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': 0 }, labels: { 'node.acme-ai.example/pool': 'general' }, taints: [] },
    {
      name: 'gpu-l4',
      count: 1,
      allocatable: { cpu: '8', memory: '32Gi', 'nvidia.com/gpu': 1 },
      labels: { 'node.acme-ai.example/pool': 'gpu-l4', 'nvidia.com/gpu.present': 'true', 'nvidia.com/gpu.product': 'NVIDIA-L4' },
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
    },
  ],
  storageClasses: [
    { name: 'standard-rwo', default: true, allowVolumeExpansion: true },
    { name: 'premium-rwo', default: false, allowVolumeExpansion: false },
  ],
  ingressClassName: 'nginx',
  externalSecrets: { storeKind: 'ClusterSecretStore', storeName: 'platform-secrets' },
};
/**
 * `base` on an object of a fixture: it belongs to the base revision of the change (`--base`),
 * not to the head the rules run on; the marker is removed before the base is modelled.
 */
export const fixtureRevisionAnnotation = 'fixture.gitops.test/revision';
/** On an object of a fixture: it belongs to another cluster of the repository (its environment), modelled beside. */
export const fixtureClusterAnnotation = 'fixture.gitops.test/cluster';

/**
 * The fixture with the Argo CD model of its objects (and of its base revision's, when some
 * objects carry the revision marker), built by the real model (scripts/argocd) over an
 * in-memory repository: `clusters/<env>` renders every object without the source-path
 * annotation, any other directory the objects whose annotation names it (or fails with the
 * render-failure annotation's text), and a directory no object names does not exist. Fixtures without an Application are returned unchanged.
 */
export async function withArgocdModel(fixture: Fixture): Promise<Fixture> {
  const isBase = (object: KubeObject) => object.metadata.annotations?.[fixtureRevisionAnnotation] === 'base';
  const clusterOf = (object: KubeObject) => object.metadata.annotations?.[fixtureClusterAnnotation];
  const head = fixture.manifests.filter((manifest) => !isBase(manifest.object) && clusterOf(manifest.object) === undefined);
  const headObjects = head.map((manifest) => manifest.object);
  if (!headObjects.some((object) => object.kind === 'Application')) return fixture;
  const environment = fixture.environment ?? 'dev';
  const view = await fixtureView(headObjects, environment);
  const baseObjects = fixture.manifests.filter((manifest) => isBase(manifest.object)).map((manifest) => withoutMarkers(manifest.object));
  if (baseObjects.length > 0) view.base = await fixtureView(baseObjects, environment);
  const others = new Map<string, KubeObject[]>();
  for (const { object } of fixture.manifests) {
    const cluster = clusterOf(object);
    if (cluster !== undefined) others.set(cluster, [...(others.get(cluster) ?? []), withoutMarkers(object)]);
  }
  view.others = await Promise.all([...others].map(([cluster, objects]) => fixtureView(objects, cluster)));
  return { ...fixture, manifests: head, argocd: view };
}

/** The model of one revision of the fixture's in-memory repository. */
async function fixtureView(objects: readonly KubeObject[], environment: string): Promise<ClusterView> {
  const repoRoot = '/fixture-repository';
  const render: RenderFunction = (directory) => {
    const relative = path.posix.relative(repoRoot, directory);
    const from = (object: KubeObject) => object.metadata.annotations?.[fixtureSourcePathAnnotation];
    if (relative === `clusters/${environment}`) return Promise.resolve({ objects: objects.filter((object) => from(object) === undefined) });
    const rendered = objects.filter((object) => from(object) === relative);
    if (rendered.length === 0) return Promise.resolve({ objects: [], missing: true, failure: `${relative} does not exist` });
    const failure = rendered.map((object) => object.metadata.annotations?.[fixtureRenderFailureAnnotation]).find((text) => text !== undefined);
    return Promise.resolve(failure === undefined ? { objects: rendered } : { objects: [], failure });
  };
  const model = await modelCluster({ repoRoot, environment, render });
  const allowsExpansion = (storageClass: string | undefined) =>
    fixtureClusterFacts.storageClasses.find((known) => (storageClass === undefined ? known.default : known.name === storageClass))?.allowVolumeExpansion;
  const view = new ClusterView(model, new Map(), (revision) => fixtureRevisions.has(revision), allowsExpansion);
  view.facts = fixtureClusterFacts;
  return view;
}

function withoutMarkers(object: KubeObject): KubeObject {
  const { [fixtureRevisionAnnotation]: _revision, [fixtureClusterAnnotation]: _cluster, ...annotations } = object.metadata.annotations ?? {};
  const { annotations: _all, ...metadata } = object.metadata;
  return deepFreeze({ ...object, metadata: Object.keys(annotations).length === 0 ? metadata : { ...metadata, annotations } });
}

export function loadFixture(file: string): Fixture {
  const text = readFileSync(file, 'utf8');
  const environment = header(text, 'environment');
  const options = header(text, 'options');
  return {
    file,
    environment,
    options: options === undefined ? undefined : (parse(options) as Record<string, unknown>),
    manifests: manifestsFromText(file, text, environment),
    expectations: expectationsIn(text, file),
  };
}

/**
 * Manifests of a YAML stream; throws on YAML problems, which a fixture must not have.
 * Kustomization documents get a name, as the pipeline gives them (kustomize does not need one).
 */
export function manifestsFromText(file: string, text: string, environment?: string): Manifest[] {
  const source = new SourceFile(file, text);
  const kustomizations = new Set<number>();
  source.documents().forEach((document, index) => {
    if (isKustomization(document)) kustomizations.add(index);
  });
  const { entries, problems } = loadManifests(source);
  const relevant = problems.filter((problem) => !kustomizations.has(problem.documentIndex));
  if (relevant.length > 0) {
    throw new Error(`${file}: ${relevant.map((problem) => `${problem.line}: ${problem.message}`).join('; ')}`);
  }
  const located = [
    ...entries.filter((entry) => !kustomizations.has(entry.documentIndex)),
    ...[...kustomizations].map((documentIndex) => ({
      object: kustomizationObject(source.documents()[documentIndex] as Record<string, unknown>, file),
      documentIndex,
      pointerPrefix: '',
    })),
  ].sort((a, b) => a.documentIndex - b.documentIndex);
  return located.map((entry) => {
    const prefix = parsePointer(entry.pointerPrefix);
    const manifest: Manifest = {
      object: entry.object,
      ref: objectRef(entry.object),
      target: file,
      kubernetesVersion: '1.36',
      ...(environment === undefined ? {} : { environment }),
      locate(pointer) {
        const { line, column } = source.locate(entry.documentIndex, [...prefix, ...parsePointer(pointer)]);
        return { file, line, column };
      },
    };
    return manifest;
  });
}

function isKustomization(document: unknown): boolean {
  const apiVersion = (document as { apiVersion?: unknown } | null)?.apiVersion;
  return typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/');
}

/** Named as the pipeline names a target's own kustomization: after the target (here, the fixture file). */
function kustomizationObject(document: Record<string, unknown>, file: string): KubeObject {
  const metadata = (document.metadata ?? {}) as Record<string, unknown>;
  return deepFreeze({ ...document, metadata: { ...metadata, name: metadata.name ?? file } } as KubeObject);
}

/** Every rule at `error` with defaults, plus the given options for one rule; `registry` may hold a changed copy of a rule. */
export function configWith(
  ruleId: string,
  options: Record<string, unknown> | undefined,
  registry: readonly AnyRule[] = ruleRegistry,
): CheckConfig {
  return parseCheckConfig(JSON.stringify({ rules: { [ruleId]: { options: options ?? {} } } }), `<${ruleId} fixture>`, registry);
}

/** Findings of every rule over the fixture's objects, as one scope. */
export function runFixture(ruleId: string, fixture: Fixture, registry: readonly AnyRule[] = ruleRegistry): Diagnostic[] {
  // The fixture's objects are what its kustomization documents render.
  const rendered = fixture.manifests.filter((manifest) => !manifest.object.apiVersion.startsWith('kustomize.config.k8s.io/'));
  const options = { inlineExemptions: true, argocd: () => fixture.argocd, renderedObjects: (target: string) => (target === fixture.file ? rendered : undefined) };
  return locateInPlace(runRules([fixture.manifests], configWith(ruleId, fixture.options, registry), options).findings);
}

const leftPlaceholder = /\{\{\s*[\w-]+\s*\}\}/;

/**
 * What is wrong with `rule` on the fixture, as readable lines (none: it passes). Every rule
 * runs (the rule under test with the fixture's options), `rule` in place of its registered
 * version; the findings of `rule` must be exactly the expected ones, and no rule may produce a
 * message with a placeholder left in it (the engine throws on one; this is the second net).
 */
export function caseProblems(rule: AnyRule, fixture: Fixture): string[] {
  const { id, messages } = rule.meta;
  const registry = ruleRegistry.map((registered) => (registered.meta.id === id ? rule : registered));
  const problems: string[] = [];
  for (const expected of fixture.expectations) {
    const where = `${expected.line}:${expected.column}`;
    if (expected.ruleId !== id) problems.push(`${where}: expects a finding of ${expected.ruleId}, not of the rule under test`);
    const template = Object.hasOwn(messages, expected.messageId) ? messages[expected.messageId] : undefined;
    if (template === undefined) problems.push(`${where}: unknown message id ${expected.messageId}`);
    else if (placeholdersOf(template).length > 0 && expected.data === undefined) {
      problems.push(`${where}: ${expected.messageId} has placeholders; the expectation needs their data`);
    }
  }
  let diagnostics: Diagnostic[];
  try {
    diagnostics = runFixture(id, fixture, registry);
  } catch (error) {
    return [...problems, `the rules threw: ${causes(error)}`];
  }
  for (const diagnostic of diagnostics) {
    if (leftPlaceholder.test(diagnostic.message)) problems.push(`${diagnostic.line}:${diagnostic.column}: placeholder left in "${diagnostic.message}"`);
  }
  const actual = diagnostics.filter((diagnostic) => diagnostic.ruleId === id).map((d) => `${d.line}:${d.column} ${d.messageId}: ${d.message}`);
  const expected = fixture.expectations.map((e) => `${e.line}:${e.column} ${e.messageId}: ${expectedMessage(messages, e)}`);
  const missing = without(expected, actual, (e, a) => sameFinding(e, a));
  const unexpected = without(actual, expected, (a, e) => sameFinding(e, a));
  problems.push(...missing.map((line) => `expected, not reported: ${line}`), ...unexpected.map((line) => `reported, not expected: ${line}`));
  return problems;
}

/** The expected text; `*` when the expectation gives no data (the message is then not compared). */
function expectedMessage(messages: Readonly<Record<string, string>>, expectation: Expectation): string {
  const template = Object.hasOwn(messages, expectation.messageId) ? messages[expectation.messageId] : undefined;
  if (template === undefined || expectation.data === undefined) return '*';
  try {
    return fill(template, expectation.data);
  } catch (error) {
    return `(${(error as Error).message})`;
  }
}

function sameFinding(expected: string, actual: string): boolean {
  return expected === actual || (expected.endsWith(': *') && actual.startsWith(expected.slice(0, -1)));
}

/** `items` less one match in `others` each (a multiset difference). */
function without(items: readonly string[], others: readonly string[], matches: (item: string, other: string) => boolean): string[] {
  const left = [...others];
  return items.filter((item) => {
    const index = left.findIndex((other) => matches(item, other));
    if (index < 0) return true;
    left.splice(index, 1);
    return false;
  });
}

function causes(error: unknown): string {
  const messages: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) messages.push(current.message);
  return messages.join(': ');
}

function header(text: string, name: string): string | undefined {
  const match = new RegExp(`^# ${name}: (.+)$`, 'm').exec(text);
  return match?.[1]?.trim();
}
