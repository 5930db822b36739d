// `npm run validate`: the validate command, run from the bundle of its TypeScript sources
// (scripts/launch/compiled-entry.mjs). `tsx scripts/validate.ts` runs the same command from source.
import { importCompiled } from './launch/compiled-entry.mjs';
import { reportFailure } from './launch/failure-output.mjs';

const argv = process.argv.slice(2);
try {
  const { validateCommand } = await importCompiled(
    { validate: 'cli/validate-command.ts' },
    'validate',
  );
  process.exitCode = await validateCommand(argv);
} catch (error) {
  // The command catches its own failures; this is the command failing to load or to start.
  process.exitCode = reportFailure(argv, `internal error: ${error instanceof Error ? error.message : String(error)}`);
}
