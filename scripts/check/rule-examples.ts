/**
 * Rule fixtures (test/fixtures/rules/<rule-id>/*.yaml) are both the rule tests and, for
 * `valid.example.yaml` and `invalid.example.yaml`, the examples docs/rules.md shows: one source.
 *
 * A finding a fixture expects is a trailing comment on the line it is located at:
 * `# expect: <rule-id>/<messageId> @<column> {"placeholder": "value", …}` (the data, as JSON, is
 * required when the message has placeholders). Header comments `# environment: prod` and
 * `# options: {requireDigest: true}` set the environment and the options of the rule under test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Expectation {
  ruleId: string;
  messageId: string;
  line: number;
  column: number;
  data: Readonly<Record<string, string | number>> | undefined;
}

export interface RuleExamples {
  valid: string;
  invalid: string;
}

const marker = '# expect:';
const expectation = /# expect: ([a-z0-9-]+)\/([A-Za-z0-9]+) @([0-9]+)(?: (\{.*?\}))?(?=\s*# expect: |\s*$)/g;

/** The expected findings of a fixture; throws on a marker it cannot read. */
export function expectationsIn(text: string, file: string): Expectation[] {
  const found: Expectation[] = [];
  text.split('\n').forEach((content, index) => {
    const matches = [...content.matchAll(expectation)];
    if (matches.length !== content.split(marker).length - 1) {
      throw new Error(`${file}:${index + 1}: cannot read "${content.slice(content.indexOf(marker))}" (${marker} <rule-id>/<messageId> @<column> {data})`);
    }
    for (const [, ruleId = '', messageId = '', column = '', data] of matches) {
      found.push({ ruleId, messageId, line: index + 1, column: Number(column), data: data === undefined ? undefined : parseData(data, file, index + 1) });
    }
  });
  return found;
}

function parseData(text: string, file: string, line: number): Record<string, string | number> {
  try {
    return JSON.parse(text) as Record<string, string | number>;
  } catch (error) {
    throw new Error(`${file}:${line}: the data of an expectation is not JSON: ${(error as Error).message}`);
  }
}

/** The fixture as a reader sees it: without the expectation markers. */
export function withoutExpectations(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.includes(marker) ? line.slice(0, line.indexOf(marker)).trimEnd() : line))
    .join('\n');
}

export const exampleFileNames = { valid: 'valid.example.yaml', invalid: 'invalid.example.yaml' } as const;

/** A rule's example fixtures, as files. */
export function readRuleExamples(fixturesDir: string, ruleId: string): RuleExamples {
  const read = (name: string) => readFileSync(join(fixturesDir, ruleId, name), 'utf8');
  return { valid: read(exampleFileNames.valid), invalid: read(exampleFileNames.invalid) };
}
