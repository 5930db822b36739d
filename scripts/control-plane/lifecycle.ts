import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { apiRequest, type ApiTarget } from './api-request.ts';
import { buildIfMissing } from './build.ts';
import { identities, writeCredentials } from './credentials.ts';
import { ControlPlaneFailure } from './failure.ts';
import { freeLoopbackPorts } from './free-port.ts';
import { renderKubeconfig } from './kubeconfig.ts';
import { binaryPaths, readPins } from './pins.ts';
import { isOurs, logTail, startDetached, stopProcess, type StartedProcess } from './processes.ts';
import { etcdArguments, kubeApiserverArguments } from './server-arguments.ts';
import { readState, removeState, writeState, type ControlPlaneState } from './state.ts';

export interface StartResult {
  readonly state: ControlPlaneState;
  /** False when a control plane was already running and ready: start is idempotent. */
  readonly started: boolean;
  /** Milliseconds spent building, when the binaries had to be built. */
  readonly buildMs?: number;
}

function adminTarget(state: ControlPlaneState): ApiTarget {
  const kubeconfig = parse(readFileSync(state.kubeconfig, 'utf8')) as { users?: { name?: string; user?: { token?: string } }[] };
  const token = kubeconfig.users?.find((entry) => entry.name === identities.admin.user)?.user?.token ?? '';
  return { server: state.server, ca: readFileSync(join(state.dataDir, 'ca.crt'), 'utf8'), token };
}

function bothRunning(state: ControlPlaneState): boolean {
  return isOurs(state.etcd, state.dataDir) && isOurs(state.kubeApiserver, state.dataDir);
}

async function isReady(target: ApiTarget): Promise<boolean> {
  try {
    const response = await apiRequest(target, 'GET', '/readyz', undefined, 2_000);
    return response.status === 200 && response.body.trim() === 'ok';
  } catch {
    return false;
  }
}

/**
 * Waits for etcd's /health, so that kube-apiserver starts against a listening etcd instead of
 * filling its log with refused connections.
 */
async function waitForEtcd(etcd: StartedProcess, dataDir: string, clientPort: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isOurs(etcd, dataDir)) throw new ControlPlaneFailure(`etcd exited during start-up.\n--- last lines of ${etcd.log}\n${logTail(etcd.log)}`);
    try {
      const response = await fetch(`http://127.0.0.1:${clientPort}/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok && ((await response.json()) as { health?: string }).health === 'true') return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new ControlPlaneFailure(`etcd was not healthy within ${Math.round(timeoutMs / 1000)} s.\n--- last lines of ${etcd.log}\n${logTail(etcd.log)}`);
}

/** Stops whatever of a recorded control plane is still ours, and removes its data and state. */
async function tearDown(state: ControlPlaneState): Promise<void> {
  // The API server first, so that it does not spend its last seconds retrying a stopped etcd.
  await stopProcess(state.kubeApiserver, state.dataDir);
  await stopProcess(state.etcd, state.dataDir);
  await rm(state.dataDir, { recursive: true, force: true });
  await removeState();
}

function logsOf(state: ControlPlaneState): string {
  return [
    `--- last lines of ${state.etcd.log}`,
    logTail(state.etcd.log),
    `--- last lines of ${state.kubeApiserver.log}`,
    logTail(state.kubeApiserver.log),
  ].join('\n');
}

async function waitUntilReady(state: ControlPlaneState, target: ApiTarget, deadline: number, timeoutMs: number): Promise<void> {
  while (Date.now() < deadline) {
    for (const [name, started] of [['etcd', state.etcd], ['kube-apiserver', state.kubeApiserver]] as const) {
      if (!isOurs(started, state.dataDir)) {
        throw new ControlPlaneFailure(`${name} exited during start-up.\n${logsOf(state)}`);
      }
    }
    if (await isReady(target)) return;
    await sleep(250);
  }
  let checks = '';
  try {
    checks = (await apiRequest(target, 'GET', '/readyz?verbose', undefined, 2_000)).body.trim();
  } catch (error) {
    checks = `(no answer: ${(error as Error).message})`;
  }
  throw new ControlPlaneFailure(
    `kube-apiserver was not ready within ${Math.round(timeoutMs / 1000)} s (raise it with --timeout SECONDS).\n` +
      `--- /readyz?verbose\n${checks}\n${logsOf(state)}`,
  );
}

async function createObject(target: ApiTarget, path: string, object: unknown): Promise<void> {
  const response = await apiRequest(target, 'POST', path, object);
  if (response.status !== 201) {
    throw new ControlPlaneFailure(`creating ${path} failed: HTTP ${response.status} ${response.body}`);
  }
}

/**
 * Lets the read-only identity get, list and watch everything. Its own role rather than the
 * built-in "view": that one is aggregated by kube-controller-manager, which does not run here.
 */
async function bindViewer(target: ApiTarget): Promise<void> {
  const name = 'control-plane-read-only';
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  await createObject(target, `${rbac}/clusterroles`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
      { nonResourceURLs: ['*'], verbs: ['get'] },
    ],
  });
  await createObject(target, `${rbac}/clusterrolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: identities.viewer.groups.map((group) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group })),
  });
}

/**
 * Starts etcd and kube-apiserver on free loopback ports with credentials made for this run, in
 * a fresh temporary directory, building them first if needed. Returns at once when one of the
 * pinned versions is already running and ready; a recorded one that is not (a process died, or
 * the pins changed) is stopped and cleaned up first.
 */
export async function startControlPlane(options: { readonly readyTimeoutMs?: number } = {}): Promise<StartResult> {
  const pins = readPins();
  const previous = readState();
  if (previous) {
    const samePins = previous.kubernetesVersion === pins.kubernetes && previous.etcdVersion === pins.etcd;
    if (samePins && bothRunning(previous) && (await isReady(adminTarget(previous)))) return { state: previous, started: false };
    process.stderr.write(
      samePins
        ? 'The control plane recorded in the state file is no longer running whole; cleaning it up.\n'
        : `Stopping the running control plane of other versions (kube-apiserver ${previous.kubernetesVersion}, etcd ${previous.etcdVersion}).\n`,
    );
    await tearDown(previous);
  }

  const buildMs = await buildIfMissing(pins);
  const binaries = binaryPaths(pins);
  // mkdtemp creates the directory with mode 0700: keys and tokens stay private to this user.
  const dataDir = await mkdtemp(join(tmpdir(), 'control-plane-'));
  try {
    const credentials = await writeCredentials(dataDir);
    const [etcdClientPort, etcdPeerPort, apiserverPort] = (await freeLoopbackPorts(3)) as [number, number, number];
    const server = `https://127.0.0.1:${apiserverPort}`;
    const kubeconfig = join(dataDir, 'kubeconfig');
    const caPem = readFileSync(credentials.caCertificate, 'utf8');
    await writeFile(kubeconfig, renderKubeconfig(server, caPem, credentials.tokens), { mode: 0o600 });

    process.stderr.write(`Starting etcd ${pins.etcd} and kube-apiserver ${pins.kubernetes} on 127.0.0.1 (data in ${dataDir})\n`);
    const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
    const startedAt = Date.now();
    const etcd = startDetached(binaries.etcd, etcdArguments(dataDir, etcdClientPort, etcdPeerPort), join(dataDir, 'etcd.log'));
    try {
      await waitForEtcd(etcd, dataDir, etcdClientPort, readyTimeoutMs);
    } catch (error) {
      await stopProcess(etcd, dataDir);
      throw error;
    }
    const kubeApiserver = startDetached(
      binaries.kubeApiserver,
      kubeApiserverArguments(dataDir, apiserverPort, etcdClientPort, credentials),
      join(dataDir, 'kube-apiserver.log'),
    );
    const starting: ControlPlaneState = {
      kubernetesVersion: pins.kubernetes,
      etcdVersion: pins.etcd,
      dataDir,
      kubeconfig,
      server,
      etcd: { ...etcd, clientPort: etcdClientPort, peerPort: etcdPeerPort },
      kubeApiserver: { ...kubeApiserver, port: apiserverPort },
      startedAt: new Date(startedAt).toISOString(),
      startupMs: 0,
    };
    // Recorded before waiting, so that `stop` can clean up a start that was interrupted.
    await writeState(starting);
    const target: ApiTarget = { server, ca: caPem, token: credentials.tokens.admin };
    try {
      await waitUntilReady(starting, target, startedAt + readyTimeoutMs, readyTimeoutMs);
      await bindViewer(target);
    } catch (error) {
      await tearDown(starting);
      throw error;
    }
    const state: ControlPlaneState = { ...starting, startupMs: Date.now() - startedAt };
    await writeState(state);
    return { state, started: true, ...(buildMs === undefined ? {} : { buildMs }) };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Stops exactly what the state file says `start` started. Returns false when nothing was recorded. */
export async function stopControlPlane(): Promise<boolean> {
  const state = readState();
  if (!state) return false;
  await tearDown(state);
  return true;
}

export type ControlPlaneStatus =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'running'; readonly state: ControlPlaneState }
  | { readonly kind: 'broken'; readonly state: ControlPlaneState; readonly reason: string };

export async function controlPlaneStatus(): Promise<ControlPlaneStatus> {
  const state = readState();
  if (!state) return { kind: 'stopped' };
  if (!bothRunning(state)) return { kind: 'broken', state, reason: 'etcd or kube-apiserver is no longer running' };
  if (!existsSync(state.kubeconfig) || !(await isReady(adminTarget(state)))) {
    return { kind: 'broken', state, reason: 'kube-apiserver does not answer /readyz with ok' };
  }
  return { kind: 'running', state };
}
