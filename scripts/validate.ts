import { importCompiled } from './launch/compiled-entry.ts';

const { validateCommand } = (await importCompiled(
  { validate: 'cli/validate-command.ts', 'plain-files-worker': 'pipeline/plain-files-worker.ts' },
  'validate',
)) as typeof import('./cli/validate-command.ts');

process.exitCode = await validateCommand(process.argv.slice(2));
