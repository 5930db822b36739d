import { validateCommand } from './cli/validate-command.ts';

process.exitCode = await validateCommand(process.argv.slice(2));
