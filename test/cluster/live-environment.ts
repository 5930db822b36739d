/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   Manifests are read field by field (KubeObject): deliberately untyped. */
import { execFile } from 'node:child_process';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { expect } from 'vitest';
import type { ApiTarget } from '../../scripts/control-plane/api-request.ts';
import { startControlPlane, stopControlPlane } from '../../scripts/control-plane/lifecycle.ts';
import { ApiResources } from '../../scripts/fidelity/api-resources.ts';
import { apiTargetFromKubeconfig } from '../../scripts/fidelity/api-target.ts';
import type { KubeObject } from '../../scripts/fidelity/baselines.ts';
import { installCrds, readCrdFile, sharedCrdFiles } from '../../scripts/fidelity/crds.ts';
import { desiredState, type DesiredObject } from '../../scripts/fidelity/desired-state.ts';
import { ensureNamespace, serverSideApply } from '../../scripts/fidelity/dry-run.ts';
import { send } from '../../scripts/fidelity/http.ts';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const sharedDir = path.resolve(repoRoot, '..', 'shared');

/**
 * One environment of the repository, synced to the real control plane as Argo CD leaves it, and
 * the read-only identity of rbac/validate-readonly.yaml to look at it with. Each integration
 * file sets up its own (the apply is server-side with Argo CD's field manager, so a second set-up
 * of the same environment changes nothing) and tears it down with `close()`.
 */
export interface LiveEnvironment {
  environment: string;
  /** A copy of the repository the runs read and the tests edit. */
  work: string;
  admin: ApiTarget;
  adminKubeconfig: string;
  /** The read-only identity (a TokenRequest token of the gitops-validate ServiceAccount). */
  readonly: ApiTarget;
  /** A kubeconfig whose one context, `acme-<environment>-readonly`, is the read-only identity on a cluster named as the profile is. */
  kubeconfig: string;
  context: string;
  resources: ApiResources;
  /** Applies an object for real as the admin identity (server-side, field manager argocd-controller). */
  applyForReal(object: KubeObject, target?: ApiTarget): Promise<void>;
  /** A kubeconfig file in the work copy with the one read-only context, on another server or token. */
  writeKubeconfig(name: string, server: string, token: string): string;
  /** Runs `npm run validate` (the shipped launcher) in the work copy. */
  validate(args: string[]): Promise<RunResult>;
  /** Runs a launcher of scripts/ (by file name, e.g. `drift.mjs`) in the work copy. */
  run(entry: string, args: string[]): Promise<RunResult>;
  /** Neither identity's token appears in the run's output. */
  expectNoToken(run: RunResult): void;
  /** Exit 2 with the line on stderr, no stack trace, no token. */
  expectUsageError(run: RunResult, line: RegExp): void;
  /** Edits one file of the work copy for the duration of fn. */
  withEdit<T>(file: string, from: string | RegExp, to: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * The desired state as Argo CD's repo-server hands it to the controller: every object an
 * Application deploys carries `argocd.argoproj.io/tracking-id`,
 * `<app-instance>:<group>/<kind>:<namespace>/<name>` (util/argo/resource_tracking.go,
 * BuildAppInstanceValue), the namespace being the object's own or else the Application's
 * destination namespace, the instance name the Application's name (its namespace is Argo CD's
 * own: AppInstanceName in util/argo/argo.go); CRDs get none (repository.go), nor does the
 * bootstrap applied by hand or a namespace Argo CD creates for CreateNamespace=true.
 */
function tracked(objects: readonly DesiredObject[]): DesiredObject[] {
  const destinations = new Map<string, string>();
  for (const { object } of objects) {
    const name: unknown = object.metadata?.name;
    const destination: unknown = object.spec?.destination?.namespace;
    if (object.kind === 'Application' && typeof name === 'string') destinations.set(name, typeof destination === 'string' ? destination : '');
  }
  return objects.map((entry) => {
    const { object, source } = entry;
    if (source.startsWith('clusters/') || entry.createdByArgoCD || object.kind === 'CustomResourceDefinition') return entry;
    const group = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/')[0] : '';
    const namespace = String(object.metadata?.namespace ?? destinations.get(source) ?? '');
    const copy: KubeObject = structuredClone(object);
    const annotations = (copy.metadata.annotations ?? {}) as Record<string, string>;
    copy.metadata.annotations = { ...annotations, 'argocd.argoproj.io/tracking-id': `${source}:${group}/${String(object.kind)}:${namespace}/${String(object.metadata?.name)}` };
    return { ...entry, object: copy };
  });
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A diagnostic of `validate --format json`, as the integration files read it. */
export interface JsonDiagnostic {
  ruleId: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  object: { kind: string; name: string; namespace?: string } | null;
}

/** The diagnostics of a run with `--format json`. */
export function diagnosticsOf(run: RunResult): JsonDiagnostic[] {
  return (JSON.parse(run.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

/**
 * Runs fn with the address of a loopback relay to `server` (TLS passes through untouched) that
 * lets the first connection through (client-node's agent opens one per request: the /version
 * probe) and resets every later one: a server that goes away midway.
 */
export async function throughRelayThatFailsAfterFirst<T>(server: string, fn: (address: string) => Promise<T>): Promise<T> {
  const upstream = new URL(server);
  let connections = 0;
  const relay = createServer((socket) => {
    if (connections++ > 0) {
      socket.resetAndDestroy();
      return;
    }
    const forward = createConnection(Number(upstream.port), upstream.hostname);
    socket.pipe(forward).pipe(socket);
    forward.on('error', () => socket.destroy());
    socket.on('error', () => forward.destroy());
  });
  await new Promise<void>((listening) => relay.listen(0, '127.0.0.1', listening));
  try {
    return await fn(`https://127.0.0.1:${(relay.address() as AddressInfo).port}`);
  } finally {
    relay.close();
  }
}

export async function liveEnvironment(environment: string): Promise<LiveEnvironment> {
  const started = await startControlPlane();
  const admin = apiTargetFromKubeconfig(started.state.kubeconfig);
  const work = mkdtempSync(path.join(tmpdir(), `cluster-${environment}-`));
  for (const entry of ['base', 'overlays', 'apps', 'clusters', 'schemas', 'validate.config.yaml']) cpSync(path.join(repoRoot, entry), path.join(work, entry), { recursive: true });
  const resources = new ApiResources(admin);
  const applyForReal = async (object: KubeObject, target: ApiTarget = admin): Promise<void> => {
    const verdict = await serverSideApply(target, resources, object, { dryRun: false });
    if (!verdict.accepted) throw new Error(`${String(object.kind)} ${String(object.metadata?.name)}: HTTP ${verdict.status} ${verdict.message.slice(0, 300)}`);
  };

  // The CRDs Argo CD and External Secrets install, then the environment's desired state, applied
  // for real by the admin identity (server-side, with Argo CD's field manager), as a sync leaves it.
  await resources.refresh();
  await installCrds(admin, resources, sharedCrdFiles(sharedDir).flatMap(readCrdFile));
  const objects = tracked((await desiredState(work, environment)).objects);
  const first = objects.filter(({ object }) => object.kind === 'Namespace' || object.kind === 'CustomResourceDefinition');
  for (const { object } of first) await applyForReal(object);
  await resources.refresh();
  const declared = new Set(first.filter(({ object }) => object.kind === 'Namespace').map(({ object }) => String(object.metadata.name)));
  for (const { object } of objects) {
    const namespace: unknown = object.metadata?.namespace;
    if (typeof namespace === 'string' && !declared.has(namespace) && resources.lookup(object.apiVersion, object.kind)?.namespaced) {
      declared.add(namespace);
      await ensureNamespace(admin, namespace);
    }
  }
  for (const { object } of objects.filter((entry) => !first.includes(entry))) await applyForReal(object);

  // The read-only identity of rbac/validate-readonly.yaml, and a token for it (TokenRequest).
  for (const document of parseAllDocuments(readFileSync(path.join(repoRoot, 'rbac/validate-readonly.yaml'), 'utf8'))) {
    await applyForReal(document.toJS() as KubeObject);
  }
  const tokenRequest = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } };
  const issued = await send(admin, 'POST', '/api/v1/namespaces/kube-system/serviceaccounts/gitops-validate/token', tokenRequest);
  expect(issued.status, issued.body).toBe(201);
  const readonly = { ...admin, token: (JSON.parse(issued.body) as { status: { token: string } }).status.token };

  const profile = parseAllDocuments(readFileSync(path.join(work, 'clusters', environment, 'cluster-profile.yaml'), 'utf8'))[0]!.toJS() as { name: string };
  const context = `${profile.name}-readonly`;
  const writeKubeconfig = (name: string, server: string, token: string): string => {
    const file = path.join(work, name);
    writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: profile.name, cluster: { server, 'certificate-authority-data': Buffer.from(admin.ca).toString('base64') } }],
        users: [{ name: 'gitops-validate', user: { token } }],
        contexts: [{ name: context, context: { cluster: profile.name, user: 'gitops-validate' } }],
        'current-context': context,
      }),
    );
    return file;
  };
  const run = (entry: string, args: string[]): Promise<RunResult> =>
    new Promise((resolveRun) => {
      execFile(process.execPath, [path.join(repoRoot, 'scripts', entry), ...args], { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
        resolveRun({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });

  const expectNoToken = (result: RunResult): void => {
    for (const text of [result.stdout, result.stderr]) {
      expect(text).not.toContain(readonly.token);
      expect(text).not.toContain(admin.token);
    }
  };
  return {
    environment,
    work,
    admin,
    adminKubeconfig: started.state.kubeconfig,
    readonly,
    kubeconfig: writeKubeconfig('kubeconfig', admin.server, readonly.token),
    context,
    resources,
    applyForReal,
    writeKubeconfig,
    run,
    validate: (args) => run('validate.mjs', args),
    expectNoToken,
    expectUsageError(result, line) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(line);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expectNoToken(result);
    },
    async withEdit(file, from, to, fn) {
      const absolute = path.join(work, file);
      const before = readFileSync(absolute, 'utf8');
      const after = before.replace(from, to);
      expect(after).not.toBe(before);
      writeFileSync(absolute, after);
      try {
        return await fn();
      } finally {
        writeFileSync(absolute, before);
      }
    },
    async close() {
      rmSync(work, { recursive: true, force: true });
      if (started.started) await stopControlPlane();
    },
  };
}
