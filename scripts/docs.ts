/** Writes docs/rules.md from the rule registry: `tsx scripts/docs.ts`. */
import { writeFileSync } from 'node:fs';
import { ruleRegistry } from './check/index.ts';
import { renderRulesDoc } from './check/rules-doc.ts';

writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc(ruleRegistry));
