// `npm run drift`: the drift command, run from the bundle of its TypeScript sources
// (scripts/launch/compiled-entry.mjs). `tsx scripts/drift.ts` runs the same command from source.
import { importCompiled } from './launch/compiled-entry.mjs';

try {
  const { driftCommand } = await importCompiled({ drift: 'drift/index.ts' }, 'drift');
  process.exitCode = await driftCommand(process.argv.slice(2));
} catch (error) {
  // The command catches its own failures; this is the command failing to load or to start.
  process.stderr.write(`drift: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
