import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../scripts/core/diagnostic.ts';
import { runValidation, type ValidationResult } from '../scripts/pipeline/run-validation.ts';
import { findKustomize } from '../scripts/render/kustomize-binary.ts';
import { discoverTargets } from '../scripts/render/targets.ts';
import { renderTargets } from '../scripts/render/render-targets.ts';
import { takeBuildMetadata } from '../scripts/render/build-metadata.ts';
import type { KubeObject } from '../scripts/core/manifest.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const fixtures = 'test/fixtures/kustomize';
const execFileAsync = promisify(execFile);

function pick(result: ValidationResult, ruleId: string, pointerEnd: string): Diagnostic | undefined {
  return result.diagnostics.find((d) => d.ruleId === ruleId && d.pointer.endsWith(pointerEnd));
}

describe('findings on rendered objects point at the file a person edits', () => {
  let result: ValidationResult;
  beforeAll(async () => {
    result = await runValidation({
      paths: [`${fixtures}/overlay`, `${fixtures}/broken`],
      cwd: repoRoot,
      ignoreMissingSchemas: false,
      inlineExemptions: true,
      cache: false,
      parser: 'fast',
    });
  });

  it.each([
    ['a field in the base file', 'schema', '/resource', `${fixtures}/base/deployment.yaml`, 18, 11, /unknown field "resource".*resources/],
    ['a field set by a patch file', 'schema', '/limits/cpu', `${fixtures}/overlay/helper-resources.yaml`, 13, 15, /quantity/],
    ['a field set by an inline JSON 6902 patch', 'schema', '/maxSurge', `${fixtures}/overlay/kustomization.yaml`, 18, 13, /percentage/],
    ['an image tag set by the overlay images: entry', 'image-pinned', '/image', `${fixtures}/overlay/kustomization.yaml`, 21, 5, /latest/],
  ])('%s', (_name, ruleId, pointerEnd, file, line, column, message) => {
    const diagnostic = pick(result, ruleId, pointerEnd);
    expect(diagnostic, JSON.stringify(result.diagnostics, null, 1)).toBeDefined();
    expect(diagnostic).toMatchObject({ file, line, column, target: `${fixtures}/overlay` });
    expect(diagnostic!.message).toMatch(message);
    expect(diagnostic!.object).toMatchObject({ kind: 'Deployment', name: 'overlay-web', namespace: 'fixture' });
  });

  it('reports a failed build at the kustomization entry that names the missing file', () => {
    const failure = result.diagnostics.find((d) => d.ruleId === 'render');
    expect(failure).toMatchObject({ file: `${fixtures}/broken/kustomization.yaml`, line: 5, column: 5, target: `${fixtures}/broken` });
    expect(failure!.message).toMatch(/missing\.yaml/);
    expect(failure!.message).not.toMatch(/\.cache/);
  });

  it('counts both targets and leaves no build metadata on the objects', () => {
    expect(result.summary.targets).toBe(2);
    expect(result.summary.resources).toBe(2);
    expect(JSON.stringify(result.diagnostics)).not.toMatch(/config\.kubernetes\.io/);
  });
});

describe('the wrapper renders exactly what kustomize renders for the target', () => {
  it('matches a direct kubectl kustomize build of every repo target, once build metadata is stripped', async () => {
    const kustomize = await findKustomize();
    const targets = discoverTargets(repoRoot);
    expect(targets.length).toBeGreaterThan(0);
    const rendered = await renderTargets(targets, {
      kustomize,
      buildOptions: [],
      allowRemoteBases: false,
      cache: undefined,
      cwd: repoRoot,
      concurrency: 2,
      annotate: true,
    });
    for (const target of rendered) {
      expect(target.failures, target.target).toEqual([]);
      const direct = await execFileAsync(kustomize.command, [...kustomize.args, path.join(repoRoot, target.target)]);
      const expected = parseAllDocuments(direct.stdout).map((document) => document.toJS() as unknown);
      const actual = parseAllDocuments(target.output!).map(
        (document) => takeBuildMetadata(document.toJS() as KubeObject, target.wrapperDir).object,
      );
      expect(actual, target.target).toEqual(expected);
    }
  });
});
