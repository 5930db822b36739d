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
import { objectRef, type Manifest } from '../../scripts/core/manifest.ts';
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

/** Manifests of a YAML stream; throws on YAML problems, which a fixture must not have. */
export function manifestsFromText(file: string, text: string, environment?: string): Manifest[] {
  const source = new SourceFile(file, text);
  const { entries, problems } = loadManifests(source);
  if (problems.length > 0) {
    throw new Error(`${file}: ${problems.map((problem) => `${problem.line}: ${problem.message}`).join('; ')}`);
  }
  return entries.map((entry) => {
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
