import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ruleRegistry, runRules } from '../scripts/check/index.ts';
import { renderRulesDoc } from '../scripts/check/rules-doc.ts';
import { configWith, loadFixture, manifestsFromText, runFixture } from './helpers/rule-harness.ts';

const fixturesDir = join(import.meta.dirname, 'fixtures', 'rules');

function findingsOf(ruleId: string, file: string) {
  const fixture = loadFixture(file);
  const findings = runFixture(ruleId, fixture)
    .filter((diagnostic) => diagnostic.ruleId === ruleId)
    .map((diagnostic) => `${diagnostic.ruleId}/${diagnostic.messageId} @ ${diagnostic.line}`)
    .sort();
  const expected = fixture.expectations.map((e) => `${e.ruleId}/${e.messageId} @ ${e.line}`).sort();
  return { findings, expected, fixture };
}

describe.each(ruleRegistry.map((rule) => [rule.meta.id, rule] as const))('%s', (ruleId, rule) => {
  const dir = join(fixturesDir, ruleId);

  it('stays silent on valid.yaml', () => {
    const { findings, expected } = findingsOf(ruleId, join(dir, 'valid.yaml'));
    expect(expected).toEqual([]);
    expect(findings).toEqual([]);
  });

  it('reports exactly the marked lines of invalid.yaml, using every message', () => {
    const { findings, expected, fixture } = findingsOf(ruleId, join(dir, 'invalid.yaml'));
    expect(fixture.expectations.every((e) => e.ruleId === ruleId)).toBe(true);
    expect(findings).toEqual(expected);
    const used = new Set(fixture.expectations.map((e) => e.messageId));
    expect(Object.keys(rule.meta.messages).filter((id) => !used.has(id))).toEqual([]);
  });

  it('behaves as its documented examples say', () => {
    const run = (text: string) =>
      runRules([manifestsFromText(`${ruleId}.md`, text)], configWith(ruleId, undefined), { inlineExemptions: true })
        .diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId);
    expect(run(rule.meta.docs.example.valid)).toEqual([]);
    expect(run(rule.meta.docs.example.invalid).length).toBeGreaterThan(0);
  });
});

describe('registry, docs and fixtures', () => {
  it('has one fixture directory per rule, with valid.yaml and invalid.yaml, and no other', () => {
    const ids = ruleRegistry.map((rule) => rule.meta.id).sort();
    expect(readdirSync(fixturesDir).sort()).toEqual(ids);
    for (const id of ids) {
      expect(existsSync(join(fixturesDir, id, 'valid.yaml')), `${id}/valid.yaml`).toBe(true);
      expect(existsSync(join(fixturesDir, id, 'invalid.yaml')), `${id}/invalid.yaml`).toBe(true);
    }
  });

  it('has unique kebab-case ids and camelCase message ids', () => {
    const ids = ruleRegistry.map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of ruleRegistry) {
      expect(rule.meta.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      for (const messageId of Object.keys(rule.meta.messages)) expect(messageId).toMatch(/^[a-z][A-Za-z0-9]*$/);
    }
  });

  it('has default options that satisfy each rule\'s options schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    for (const rule of ruleRegistry) {
      const validate = ajv.compile(rule.meta.optionsSchema);
      expect(validate(rule.meta.defaultOptions), `${rule.meta.id}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('docs/rules.md is generated from the registry (run `tsx scripts/docs.ts`)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', 'docs', 'rules.md'), 'utf8');
    expect(committed).toBe(renderRulesDoc(ruleRegistry));
  });
});
