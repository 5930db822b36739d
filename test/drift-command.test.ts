import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');

function drift(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'scripts', 'drift.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, KUBECONFIG: '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/** Exit 2, one message line on stderr (and the hint), no stack trace. */
function expectUsageError(run: { code: number; stderr: string }, message: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trim().split('\n')).toHaveLength(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('npm run drift: arguments', () => {
  it('prints its usage with --help, exit 0', async () => {
    const run = await drift(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run drift -- --cluster CONTEXT/);
    expect(run.stdout).toMatch(/Exit codes: 0 no drift, 1 drift found, 2 usage or connection error/);
  });

  it('needs --cluster, a known format and positive limits', async () => {
    expectUsageError(await drift([]), /^drift: --cluster CONTEXT is required$/m);
    expectUsageError(await drift(['--cluster', 'x', '--format', 'sarif']), /unknown --format sarif \(one of stylish, json, markdown\)/);
    expectUsageError(await drift(['--cluster', 'x', '--concurrency', '0']), /--concurrency must be a positive number, not "0"/);
    expectUsageError(await drift(['--cluster', 'x', '--timeout', 'soon']), /--timeout must be a positive number, not "soon"/);
    expectUsageError(await drift(['--cluster', 'x', '--bogus']), /Unknown option '--bogus'/);
  });

  it('says a kubeconfig that cannot be read is a usage error, and with --format json prints one JSON object', async () => {
    const run = await drift(['--cluster', 'acme-staging', '--kubeconfig', 'no-such-kubeconfig', '--format', 'json']);
    expectUsageError(run, /--cluster acme-staging: cannot read the kubeconfig .*no-such-kubeconfig: no such file/);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: expect.stringContaining('no such file') as unknown, findings: [], summary: { drift: 0 } });
  });
});
