import { driftCommand } from './drift/index.ts';

process.exitCode = await driftCommand(process.argv.slice(2));
