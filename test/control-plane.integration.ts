import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, stopControlPlane } from '../scripts/control-plane/lifecycle.ts';
import type { ControlPlaneState } from '../scripts/control-plane/state.ts';

let state: ControlPlaneState;
let startedHere = false;

interface KubectlResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function kubectl(args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolveRun, rejectRun) => {
    const child = execFile('kubectl', ['--kubeconfig', state.kubeconfig, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      // kubectl did not run at all (no exit code): reject with the error itself.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- an Error: @types/node builds ExecFileException with Omit<>, which hides that from the rule
      if (error && typeof error.code !== 'number') rejectRun(error);
      else resolveRun({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

function deployment(name: string, containerPort: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort }] }] },
      },
    },
  });
}

function serverDryRunCreate(manifest: string, context = 'control-plane-admin'): Promise<KubectlResult> {
  return kubectl(['--context', context, 'create', '--dry-run=server', '--validate=strict', '-o', 'name', '-f', '-'], manifest);
}

beforeAll(async () => {
  const result = await startControlPlane();
  state = result.state;
  startedHere = result.started;
  const build = result.buildMs === undefined ? 'no build needed' : `built in ${(result.buildMs / 1000).toFixed(0)} s`;
  const startup = startedHere ? `ready in ${(state.startupMs / 1000).toFixed(1)} s` : 'already running';
  process.stderr.write(`control plane ${state.kubernetesVersion} (etcd ${state.etcdVersion}): ${build}, ${startup}\n`);
});

afterAll(async () => {
  // One that was already running belongs to whoever started it.
  if (startedHere) await stopControlPlane();
});

describe('the real kube-apiserver', () => {
  it('is ready and reports its pinned version', async () => {
    expect((await kubectl(['get', '--raw', '/readyz'])).stdout.trim()).toBe('ok');
    const version = JSON.parse((await kubectl(['get', '--raw', '/version'])).stdout) as { gitVersion: string };
    expect(version.gitVersion).toBe(state.kubernetesVersion);
  });

  it('accepts a valid Deployment in a server-side dry run', async () => {
    const result = await serverDryRunCreate(deployment('valid', 8080));
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe('deployment.apps/valid');
  });

  it('rejects containerPort 70000, naming the field path', async () => {
    const result = await serverDryRunCreate(deployment('port-out-of-range', 70_000));
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('spec.template.spec.containers[0].ports[0].containerPort');
    expect(result.stderr).toContain('must be between 1 and 65535');
  });

  it('accepts a Pod although no controller made the namespace a default ServiceAccount', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };
    const result = await serverDryRunCreate(JSON.stringify(pod));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('pod/web');
  });

  it('lets the read-only identity read but not write', async () => {
    const read = await kubectl(['--context', 'control-plane-viewer', 'get', 'deployments', '-o', 'name']);
    expect(read.exitCode).toBe(0);
    const write = await serverDryRunCreate(deployment('by-viewer', 8080), 'control-plane-viewer');
    expect(write.exitCode).not.toBe(0);
    expect(write.stderr).toContain('forbidden');
  });
});
