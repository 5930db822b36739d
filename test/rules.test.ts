import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ruleRegistry } from '../scripts/check/index.ts';
import { renderRulesDoc } from '../scripts/check/rules-doc.ts';
import { exampleFileNames, readRuleExamples } from '../scripts/check/rule-examples.ts';
import type { AnyRule } from '../scripts/check/types.ts';
import { caseProblems, loadFixture, withArgocdModel } from './helpers/rule-harness.ts';

const fixturesDir = join(import.meta.dirname, 'fixtures', 'rules');

/** Every `*.yaml` of a rule's fixture directory is a case: `valid*` ones expect nothing, `invalid*` ones something. */
function casesOf(ruleId: string): string[] {
  return readdirSync(join(fixturesDir, ruleId)).filter((name) => name.endsWith('.yaml')).sort();
}

describe.each(ruleRegistry.map((rule) => [rule.meta.id, rule] as const))('%s', (ruleId, rule) => {
  it.each(casesOf(ruleId))('%s: reports exactly what it expects (message id, line, column, data)', async (name) => {
    const fixture = await withArgocdModel(loadFixture(join(fixturesDir, ruleId, name)));
    expect(caseProblems(rule, fixture)).toEqual([]);
    if (name.startsWith('valid')) expect(fixture.expectations).toEqual([]);
    else expect(fixture.expectations.length).toBeGreaterThan(0);
  });

  it('has valid and invalid cases, including the docs examples, that use every message', () => {
    const names = casesOf(ruleId);
    expect(names).toEqual(expect.arrayContaining(['valid.yaml', 'invalid.yaml', exampleFileNames.valid, exampleFileNames.invalid]));
    expect(names.every((name) => /^(valid|invalid)(\.[a-z0-9-]+)*\.yaml$/.test(name)), names.join(', ')).toBe(true);
    const used = new Set(names.flatMap((name) => loadFixture(join(fixturesDir, ruleId, name)).expectations.map((e) => e.messageId)));
    expect(Object.keys(rule.meta.messages).filter((id) => !used.has(id))).toEqual([]);
  });
});

describe('the harness', () => {
  const imagePinned = ruleRegistry.find((rule) => rule.meta.id === 'image-pinned')!;
  const invalid = () => loadFixture(join(fixturesDir, 'image-pinned', 'invalid.yaml'));
  const withMessage = (latestTag: string): AnyRule => ({
    ...imagePinned,
    meta: { ...imagePinned.meta, messages: { ...imagePinned.meta.messages, latestTag } },
  });

  it('fails a rule whose message has a placeholder typo', () => {
    const typo = withMessage('Image "{{imgae}}" uses the latest tag; pin a version.');
    expect(caseProblems(typo, invalid()).join('\n')).toMatch(/threw: .*no data for placeholder \{\{imgae\}\}/);
  });

  it('fails on a wrong column, wrong data or an unknown message id in an expectation', () => {
    const fixture = invalid();
    const [first, second, third, ...rest] = fixture.expectations;
    const wrong = [{ ...first!, column: 12 }, { ...second!, messageId: 'latestTags' }, { ...third!, data: { image: 'envoy' } }, ...rest];
    const problems = caseProblems(imagePinned, { ...fixture, expectations: wrong }).join('\n');
    expect(problems).toContain('expected, not reported: 11:12 untagged');
    expect(problems).toContain('unknown message id latestTags');
    expect(problems).toContain('expected, not reported: 16:11 digestRequired: Image "envoy" is not pinned by digest');
    expect(problems).toContain('reported, not expected: 16:11 digestRequired: Image "envoyproxy/envoy:v1.35.0"');
  });

  it('requires the data of a message with placeholders', () => {
    const fixture = invalid();
    const expectations = fixture.expectations.map((e) => ({ ...e, data: undefined }));
    expect(caseProblems(imagePinned, { ...fixture, expectations })).toContain(
      '11:11: untagged has placeholders; the expectation needs their data',
    );
  });
});

describe('registry and docs', () => {
  it('has one fixture directory per rule', () => {
    expect(readdirSync(fixturesDir).sort()).toEqual(ruleRegistry.map((rule) => rule.meta.id).sort());
  });

  it('has unique kebab-case ids, camelCase message ids and at least one kind per rule', () => {
    const ids = ruleRegistry.map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of ruleRegistry) {
      expect(rule.meta.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      for (const messageId of Object.keys(rule.meta.messages)) expect(messageId).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(rule.meta.kinds.length, rule.meta.id).toBeGreaterThan(0);
    }
  });

  it('has default options that satisfy each rule\'s options schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    for (const rule of ruleRegistry) {
      const validate = ajv.compile(rule.meta.optionsSchema);
      expect(validate(rule.meta.defaultOptions), `${rule.meta.id}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('docs/rules.md is generated from the registry and the example fixtures (run `npm run docs`)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', 'docs', 'rules.md'), 'utf8');
    expect(committed).toBe(renderRulesDoc(ruleRegistry, (id) => readRuleExamples(fixturesDir, id)));
  });
});
