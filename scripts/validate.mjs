// `npm run validate`: the validate command, run from the bundle of its TypeScript sources
// (scripts/launch/compiled-entry.mjs). `tsx scripts/validate.ts` runs the same command from source.
import { importCompiled } from './launch/compiled-entry.mjs';

const { validateCommand } = await importCompiled(
  { validate: 'cli/validate-command.ts', 'plain-files-worker': 'pipeline/plain-files-worker.ts' },
  'validate',
);
process.exitCode = await validateCommand(process.argv.slice(2));
