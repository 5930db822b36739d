// Plain JavaScript: the launcher prints through it when the command itself could not be loaded,
// and the command prints its usage errors through it, so both promises hold in every case: a
// message on stderr, exit code 2, and under `--format json` one JSON object on stdout.

const emptySummary = { targets: 0, resources: 0, errors: 0, warnings: 0, exemptions: 0 };

/** Whether the arguments ask for JSON output (`--format json`, `--format=json`, `-f json`, `-fjson`). */
export function wantsJson(argv) {
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--') break;
    if (argument === '--format' || argument === '-f') {
      if (argv[index + 1] === 'json') return true;
    } else if (argument === '--format=json' || argument === '-fjson') {
      return true;
    }
  }
  return false;
}

/**
 * Reports a run that ended without results (a usage error or an internal failure) and returns
 * its exit code, 2. The message is one line of text; never a stack trace.
 */
export function reportFailure(argv, message, hint = '') {
  process.stderr.write(`validate: ${message}\n${hint}`);
  if (wantsJson(argv)) {
    process.stdout.write(`${JSON.stringify({ summary: emptySummary, diagnostics: [], error: { message } }, null, 2)}\n`);
  }
  return 2;
}
