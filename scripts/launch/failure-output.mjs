// Plain JavaScript: the launcher prints through it when the command itself could not be loaded,
// and the command prints its usage errors through it, so both promises hold in every case: a
// message on stderr, exit code 2, and one JSON object wherever JSON was asked for: on stdout for
// `--format json`, in FILE for `--format json=FILE`.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const emptySummary = { targets: 0, resources: 0, errors: 0, warnings: 0, exemptions: 0 };

/** Every `--format` value (`--format X`, `--format=X`, `-f X`, `-fX`), before a `--`. */
function formatValues(argv) {
  const values = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') break;
    if (argument === '--format' || argument === '-f') {
      if (index + 1 < argv.length) values.push(argv[++index]);
    } else if (argument.startsWith('--format=')) {
      values.push(argument.slice('--format='.length));
    } else if (argument.startsWith('-f') && argument.length > 2 && !argument.startsWith('--')) {
      values.push(argument.slice(2));
    }
  }
  return values;
}

/** Whether the arguments ask for JSON on stdout (`--format json`, `--format=json`, `-f json`, `-fjson`). */
export function wantsJson(argv) {
  return formatValues(argv).includes('json');
}

/** The files `--format json=FILE` asks the JSON report to be written to. */
export function jsonFiles(argv) {
  return formatValues(argv).flatMap((value) => (value.startsWith('json=') && value.length > 5 ? [value.slice(5)] : []));
}

/**
 * Reports a run that ended without results (a usage error or an internal failure) and returns
 * its exit code, 2. The message is one line of text; never a stack trace.
 */
export function reportFailure(argv, message, hint = '') {
  process.stderr.write(`validate: ${message}\n${hint}`);
  const json = `${JSON.stringify({ summary: emptySummary, diagnostics: [], error: { message } }, null, 2)}\n`;
  if (wantsJson(argv)) process.stdout.write(json);
  for (const file of jsonFiles(argv)) {
    try {
      writeFileSync(resolve(process.cwd(), file), json);
    } catch {
      // The file cannot be written (its directory is missing, say): stderr already has the message.
    }
  }
  return 2;
}
