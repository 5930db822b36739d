import { spawnSync } from 'node:child_process';
import { ControlPlaneFailure } from './failure.ts';
import type { Pins } from './pins.ts';

/** Compares dotted versions such as 1.26.8 and 1.26.0 numerically. */
function isAtLeast(version: string, minimum: string): boolean {
  const have = version.split('.').map(Number);
  const need = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(have.length, need.length); i += 1) {
    const difference = (have[i] ?? 0) - (need[i] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

/**
 * Checks that a Go toolchain able to build the pinned module is on PATH, and returns its version.
 * Only building needs Go: once the binaries are in .cache/control-plane/, starting does not.
 */
export function requireGo(pins: Pins): string {
  const installHint =
    `Building kube-apiserver ${pins.kubernetes} and etcd ${pins.etcd} needs Go ${pins.go} or newer ` +
    '(the go line of test/control-plane/go.mod). Install Go, put `go` on PATH, and run the command again; ' +
    'only this test tooling needs it, not `npm run validate` or `npm test`.';
  const result = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (result.error) {
    const reason = (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'Go is not installed (no `go` on PATH)' : result.error.message;
    throw new ControlPlaneFailure(`${reason}. ${installHint}`, 2);
  }
  const version = /^go(\d+(?:\.\d+)*)/.exec(result.stdout.trim())?.[1];
  if (result.status !== 0 || !version) {
    throw new ControlPlaneFailure(`\`go env GOVERSION\` failed: ${result.stderr.trim() || result.stdout.trim()}. ${installHint}`, 2);
  }
  if (!isAtLeast(version, pins.go)) {
    throw new ControlPlaneFailure(`Go ${version} is too old. ${installHint}`, 2);
  }
  return version;
}
