import path from 'node:path';
import { generateSchemas } from '../schemas/generate.ts';

/**
 * The schemas the offline validator uses in the fidelity run: the bundled ones, generated the
 * way `npm run schemas -- CRD.yaml` generates them for a user's CRDs, from the same shared data
 * plus the test CRD(s), into a directory of their own (the repository's schemas/ stay as they are).
 */
export function generateFidelitySchemas(options: { repoRoot: string; sharedDir: string; outDir: string; extraCrdFiles: readonly string[] }): string {
  const warnings: string[] = [];
  generateSchemas({ ...options, warn: (message) => warnings.push(message) });
  if (warnings.length > 0) process.stderr.write(`fidelity: schema generation: ${warnings.join('; ')}\n`);
  return path.resolve(options.outDir);
}
