/**
 * Runs rules over fixture files the way the pipeline does: objects from the load stage, pointers
 * located in the fixture's own text, every object of the file in one scope.
 *
 * Fixture conventions:
 * - `# environment: prod` and `# options: {requireDigest: true}` header comments set the
 *   manifests' environment and the options of the rule under test;
 * - a trailing `# expect: <rule-id>/<messageId>` comment marks a line a finding must be located at.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { deepFreeze, objectRef, type KubeObject, type Manifest } from '../../scripts/core/manifest.ts';
import { parsePointer } from '../../scripts/core/pointer.ts';
import type { Diagnostic } from '../../scripts/core/diagnostic.ts';
import { parseCheckConfig, runRules, type CheckConfig } from '../../scripts/check/index.ts';
import { loadManifests, SourceFile } from '../../scripts/load/index.ts';

export interface Expectation {
  ruleId: string;
  messageId: string;
  line: number;
}

export interface Fixture {
  file: string;
  environment: string | undefined;
  options: Record<string, unknown> | undefined;
  manifests: Manifest[];
  expectations: Expectation[];
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
    expectations: expectations(text),
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
      object: kustomizationObject(source.documents()[documentIndex] as Record<string, unknown>, documentIndex),
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

function kustomizationObject(document: Record<string, unknown>, documentIndex: number): KubeObject {
  const metadata = (document.metadata ?? {}) as Record<string, unknown>;
  return deepFreeze({ ...document, metadata: { ...metadata, name: metadata.name ?? `kustomization-${documentIndex}` } } as KubeObject);
}

/** Every rule at `error` with defaults, plus the given options for one rule. */
export function configWith(ruleId: string, options: Record<string, unknown> | undefined): CheckConfig {
  return parseCheckConfig(JSON.stringify({ rules: { [ruleId]: { options: options ?? {} } } }), `<${ruleId} fixture>`);
}

/** Findings of every rule over the fixture's objects, as one scope. */
export function runFixture(ruleId: string, fixture: Fixture): Diagnostic[] {
  return runRules([fixture.manifests], configWith(ruleId, fixture.options), { inlineExemptions: true }).diagnostics;
}

function header(text: string, name: string): string | undefined {
  const match = new RegExp(`^# ${name}: (.+)$`, 'm').exec(text);
  return match?.[1]?.trim();
}

function expectations(text: string): Expectation[] {
  const found: Expectation[] = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(/# expect: ([a-z0-9-]+)\/([A-Za-z0-9]+)/g)) {
      found.push({ ruleId: match[1] ?? '', messageId: match[2] ?? '', line: index + 1 });
    }
  });
  return found;
}
