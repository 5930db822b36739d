import { writeFile } from 'node:fs/promises';
import { rules } from '../check/rules/index.ts';

/**
 * A configuration that turns every registered rule off, so that `--config` with it measures the
 * toolkit with schemas only. JSON, which is YAML too, so that `off` stays a string.
 */
export async function writeSchemasOnlyConfig(file: string): Promise<void> {
  const config = { rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, 'off'])) };
  await writeFile(file, JSON.stringify(config, null, 2) + '\n');
}
