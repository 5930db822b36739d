import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ControlPlaneFailure } from './failure.ts';
import { cacheDir } from './pins.ts';
import type { StartedProcess } from './processes.ts';

/** What `start` leaves for `stop`, `status` and `kubeconfig`: exactly what it started, and where. */
export interface ControlPlaneState {
  readonly kubernetesVersion: string;
  readonly etcdVersion: string;
  /** The temporary directory holding certificates, tokens, etcd's data and the logs. */
  readonly dataDir: string;
  readonly kubeconfig: string;
  /** e.g. https://127.0.0.1:40123 */
  readonly server: string;
  readonly etcd: StartedProcess & { readonly clientPort: number; readonly peerPort: number };
  readonly kubeApiserver: StartedProcess & { readonly port: number };
  readonly startedAt: string;
  /** Milliseconds from starting etcd to /readyz answering ok. */
  readonly startupMs: number;
}

export const stateFile = join(cacheDir, 'state.json');

export function readState(): ControlPlaneState | undefined {
  if (!existsSync(stateFile)) return undefined;
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as ControlPlaneState;
  } catch (error) {
    throw new ControlPlaneFailure(`${stateFile}: unreadable (${(error as Error).message}); remove it once nothing it names runs`);
  }
}

export async function writeState(state: ControlPlaneState): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`);
}

export async function removeState(): Promise<void> {
  await rm(stateFile, { force: true });
}
