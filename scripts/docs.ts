/** Writes docs/rules.md from the rule registry and the rules' example fixtures: `npm run docs`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ruleRegistry } from './check/index.ts';
import { readRuleExamples } from './check/rule-examples.ts';
import { renderRulesDoc } from './check/rules-doc.ts';

const fixturesDir = fileURLToPath(new URL('../test/fixtures/rules', import.meta.url));
writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc(ruleRegistry, (id) => readRuleExamples(fixturesDir, id)));
