// The desired state as facts about what kustomize renders: every overlay, apps/ entry point and
// cluster bootstrap is built once with the real kustomize, then each concept of issue 2 is one
// table row per environment. A concept missing from the manifests fails its row.
import { cpSync, mkdtempSync, readFileSync, existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parseImageReference } from '../scripts/core/image-reference.ts';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1.js';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2.js';
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import type {
  Container,
  PersistentVolumeClaim,
  PersistentVolumeClaimSpec,
  PodSpec,
  PodTemplateSpec,
  Probe,
  Service,
} from 'kubernetes-types/core/v1.js';
import type { LabelSelector } from 'kubernetes-types/meta/v1.js';
import type { Ingress, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import {
  findKustomizationDirs,
  kustomizationFile,
  renderKustomize,
  type RenderedObject,
  type RenderResult,
} from './helpers/render-kustomize.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPO_URL = 'https://github.com/acme-ai/llm-platform-gitops.git';
const IN_CLUSTER = 'https://kubernetes.default.svc';
const ENVS = ['dev', 'staging', 'prod'] as const;
type Env = (typeof ENVS)[number];
const WORKLOADS = ['namespace', 'db', 'llm', 'webapp'] as const;

const EXPECTED_KUBERNETES_VERSION: Record<Env, string> = { dev: '1.36', staging: '1.35', prod: '1.34' };
const MIN_WEBAPP_REPLICAS: Record<Env, number> = { dev: 1, staging: 2, prod: 3 };
const HAS_BACKUP: Record<Env, boolean> = { dev: false, staging: true, prod: true };
// Images that cannot carry a digest in prod, each with its reason (docs/desired-state.md).
const DIGEST_EXEMPT: Record<string, string> = {
  'ghcr.io/acme-ai/chat-web': "the product's own image: its digest is known only to its release pipeline",
};
const DEPRECATED_KUSTOMIZE_FIELDS = ['bases', 'patchesStrategicMerge', 'patchesJson6902', 'commonLabels', 'vars'];
const SECRET_LIKE_ENV = /PASSWORD|TOKEN|SECRET|KEY/i;
const CREDENTIALS_IN_URL = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

// Targets are discovered at collection time (for the table rows) and rendered once, concurrently.
const TARGETS = findKustomizationDirs(ROOT, ['overlays', 'apps', 'clusters']);
const KUSTOMIZATION_DIRS = findKustomizationDirs(ROOT, ['base', 'overlays', 'apps', 'clusters']);
const renders = new Map<string, RenderResult>();

interface ClusterProfile {
  name: string;
  environment: string;
  kubernetesVersion: string;
  nodePools: Array<{
    name: string;
    count: number;
    zones: string[];
    allocatable: { cpu: string; memory: string; 'nvidia.com/gpu': number };
    labels: Record<string, string>;
    taints: Array<{ key: string; value?: string; effect: string }>;
  }>;
  platform: {
    externalSecrets: { storeKind: string; storeName: string };
    ingressClassName: string;
    ingressControllerNamespace: string;
    certManagerClusterIssuer: string;
    monitoringNamespace: string;
    storageClasses: Array<{ name: string; default: boolean; volumeBindingMode: string; reclaimPolicy: string }>;
    gpuDevicePlugin: { name: string; version: string };
    runtimeClassName?: string;
  };
}

interface Located<T> {
  target: string;
  object: T & RenderedObject;
}

interface PodTemplate {
  target: string;
  owner: RenderedObject;
  template: PodTemplateSpec;
  spec: PodSpec;
  labels: Record<string, string>;
}

interface EnvView {
  env: Env;
  namespace: string;
  /** Objects rendered by overlays/<env>/*, with the target that rendered each. */
  workloads: Array<Located<RenderedObject>>;
  apps: RenderedObject[];
  bootstrap: RenderedObject[];
  profile: ClusterProfile;
  podTemplates: PodTemplate[];
}

// ---------------------------------------------------------------------------------------------
// Small readers over rendered objects.

function rendered(target: string): RenderResult {
  const result = renders.get(target);
  if (!result) throw new Error(`${target} was not rendered`);
  return result;
}

function readProfile(env: Env): ClusterProfile {
  return parse(readFileSync(join(ROOT, 'clusters', env, 'cluster-profile.yaml'), 'utf8')) as ClusterProfile;
}

function view(env: Env): EnvView {
  const workloads = TARGETS.filter((t) => t.startsWith(`overlays/${env}/`)).flatMap((target) =>
    rendered(target).objects.map((object) => ({ target, object })),
  );
  return {
    env,
    namespace: `product-${env}`,
    workloads,
    apps: rendered(`apps/${env}`).objects,
    bootstrap: rendered(`clusters/${env}`).objects,
    profile: readProfile(env),
    podTemplates: workloads.flatMap(({ target, object }) => podTemplatesOf(target, object)),
  };
}

function podTemplatesOf(target: string, owner: RenderedObject): PodTemplate[] {
  let template: PodTemplateSpec | undefined;
  if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].includes(owner.kind)) {
    template = (owner as { spec?: { template?: PodTemplateSpec } }).spec?.template;
  } else if (owner.kind === 'CronJob') {
    template = (owner as CronJob).spec?.jobTemplate.spec?.template;
  }
  if (!template?.spec) return [];
  return [{ target, owner, template, spec: template.spec, labels: template.metadata?.labels ?? {} }];
}

function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

function ofKind<T>(view: EnvView, kind: string, name?: string): Array<Located<T>> {
  return view.workloads.filter(
    (w) => w.object.kind === kind && (name === undefined || w.object.metadata.name === name),
  ) as Array<Located<T>>;
}

function one<T>(view: EnvView, kind: string, name: string): Located<T> {
  const found = ofKind<T>(view, kind, name);
  expect(found.map((f) => f.target), `exactly one ${kind} ${name} in ${view.env}`).toHaveLength(1);
  return found[0]!;
}

function byComponent(view: EnvView, component: string): PodTemplate[] {
  return view.podTemplates.filter((p) => p.labels['app.kubernetes.io/component'] === component);
}

function onlyTemplate(view: EnvView, component: string): PodTemplate {
  const found = byComponent(view, component);
  expect(found.length, `pod templates labelled app.kubernetes.io/component=${component}`).toBe(1);
  return found[0]!;
}

function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const value = labels[e.key];
    switch (e.operator) {
      case 'In':
        return value !== undefined && (e.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(e.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}

/** Quantity to a number (cores or bytes). */
function quantity(value: string | number | undefined): number {
  if (value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  const match = /^([0-9.]+)(m|Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(value);
  if (!match) return Number.NaN;
  const factors: Record<string, number> = {
    m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
    Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
  };
  return Number(match[1]) * (match[2] ? factors[match[2]]! : 1);
}

function startupBudget(probe: Probe): number {
  return (probe.initialDelaySeconds ?? 0) + (probe.failureThreshold ?? 3) * (probe.periodSeconds ?? 10);
}

function envValue(container: Container, name: string): string | undefined {
  return container.env?.find((e) => e.name === name)?.value;
}

function secretRef(container: Container, name: string): { name?: string; key: string } | undefined {
  return container.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
}

function wave(object: RenderedObject): number {
  const value = object.metadata.annotations?.['argocd.argoproj.io/sync-wave'];
  expect(value, `sync-wave of ${object.kind} ${object.metadata.name}`).toBeDefined();
  return Number(value);
}

interface ArgoApplication extends RenderedObject {
  spec: {
    project: string;
    source: { repoURL: string; targetRevision: string; path: string };
    destination: { server?: string; name?: string; namespace?: string };
    syncPolicy?: {
      automated?: { prune?: boolean; selfHeal?: boolean };
      syncOptions?: string[];
      managedNamespaceMetadata?: { labels?: Record<string, string> };
    };
  };
}

interface ArgoProject extends RenderedObject {
  spec: {
    sourceRepos: string[];
    sourceNamespaces?: string[];
    destinations: Array<{ server?: string; namespace?: string; name?: string }>;
    clusterResourceWhitelist?: Array<{ group: string; kind: string; name?: string }>;
    namespaceResourceWhitelist?: Array<{ group: string; kind: string }>;
    namespaceResourceBlacklist?: Array<{ group: string; kind: string }>;
  };
}

function applications(objects: RenderedObject[]): ArgoApplication[] {
  return objects.filter((o) => o.apiVersion.startsWith('argoproj.io/') && o.kind === 'Application') as ArgoApplication[];
}

function applicationFor(view: EnvView, workload: string): ArgoApplication {
  const found = applications(view.apps).filter((a) => a.spec.source.path === `overlays/${view.env}/${workload}`);
  expect(found, `one Application for overlays/${view.env}/${workload}`).toHaveLength(1);
  return found[0]!;
}

function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
}

function policies(view: EnvView): Array<Located<NetworkPolicy>> {
  return ofKind<NetworkPolicy>(view, 'NetworkPolicy');
}

/** Ports of the rules of policies selecting `from` that let it reach pods labelled `to`. */
function egressPorts(view: EnvView, from: PodTemplate, to: PodTemplate): NetworkPolicyPort[] {
  return policies(view)
    .filter((p) => selects(p.object.spec?.podSelector, from.labels) && p.object.spec?.policyTypes?.includes('Egress'))
    .flatMap((p) => p.object.spec?.egress ?? [])
    .filter((rule) => (rule.to ?? []).some((peer) => peerSelectsPod(peer, to.labels)))
    .flatMap((rule) => rule.ports ?? []);
}

function ingressPorts(view: EnvView, to: PodTemplate, from: PodTemplate): NetworkPolicyPort[] {
  return policies(view)
    .filter((p) => selects(p.object.spec?.podSelector, to.labels) && p.object.spec?.policyTypes?.includes('Ingress'))
    .flatMap((p) => p.object.spec?.ingress ?? [])
    .filter((rule) => (rule.from ?? []).some((peer) => peerSelectsPod(peer, from.labels)))
    .flatMap((rule) => rule.ports ?? []);
}

/** A same-namespace pod peer (no namespaceSelector, no ipBlock). */
function peerSelectsPod(peer: NetworkPolicyPeer, labels: Record<string, string>): boolean {
  return !peer.namespaceSelector && !peer.ipBlock && selects(peer.podSelector, labels);
}

function portNumbers(ports: NetworkPolicyPort[]): Array<string | number | undefined> {
  return ports.map((p) => p.port);
}

// ---------------------------------------------------------------------------------------------
// The concepts, one row each, checked in every environment.

interface Concept {
  concept: string;
  check: (view: EnvView) => void;
}

const CONCEPTS: Concept[] = [
  {
    concept: 'workload identity: pod templates labelled llm, database and webapp, part of llm-product',
    check: (v) => {
      for (const component of ['llm', 'database', 'webapp']) onlyTemplate(v, component);
      for (const p of v.podTemplates) {
        expect(p.labels['app.kubernetes.io/name'], `${p.owner.kind} ${p.owner.metadata.name}`).toBeTruthy();
        expect(p.labels['app.kubernetes.io/part-of'], `${p.owner.kind} ${p.owner.metadata.name}`).toBe('llm-product');
      }
    },
  },
  {
    concept: 'GPU limit only on llm pods (requests, if present, equal to limits)',
    check: (v) => {
      const llm = onlyTemplate(v, 'llm');
      const gpuContainers = allContainers(llm.spec).filter((c) => c.resources?.limits?.['nvidia.com/gpu'] !== undefined);
      expect(gpuContainers.length, 'llm container with nvidia.com/gpu in limits').toBeGreaterThan(0);
      for (const p of v.podTemplates) {
        for (const c of allContainers(p.spec)) {
          const limit = c.resources?.limits?.['nvidia.com/gpu'];
          const request = c.resources?.requests?.['nvidia.com/gpu'];
          if (p === llm) {
            if (request !== undefined) expect(quantity(request), `${c.name} GPU request = limit`).toBe(quantity(limit));
            if (limit !== undefined) expect(quantity(limit)).toBeGreaterThanOrEqual(1);
          } else {
            expect({ container: c.name, limit, request }).toEqual({ container: c.name, limit: undefined, request: undefined });
          }
        }
      }
    },
  },
  {
    concept: "GPU scheduling: taint toleration, required affinity on gpu.present and the profile's GPU product",
    check: (v) => {
      const llm = onlyTemplate(v, 'llm');
      expect(llm.spec.tolerations).toContainEqual(
        expect.objectContaining({ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }),
      );
      const terms = llm.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
      expect(terms.length).toBeGreaterThan(0);
      const gpuPools = v.profile.nodePools.filter((pool) => pool.allocatable['nvidia.com/gpu'] > 0);
      for (const term of terms) {
        const expr = term.matchExpressions ?? [];
        expect(expr).toContainEqual({ key: 'nvidia.com/gpu.present', operator: 'In', values: ['true'] });
        const product = expr.find((e) => e.key === 'nvidia.com/gpu.product');
        expect(product?.operator).toBe('In');
        expect(product?.values?.length).toBeGreaterThan(0);
        for (const value of product?.values ?? []) {
          const pool = gpuPools.find((p) => p.labels['nvidia.com/gpu.product'] === value);
          expect(pool, `a GPU node pool labelled ${value} in clusters/${v.env}/cluster-profile.yaml`).toBeDefined();
          const requests = allContainers(llm.spec).map((c) => c.resources?.requests ?? {});
          const sum = (key: string): number => requests.reduce((acc, r) => acc + (quantity(r[key]) || 0), 0);
          expect(sum('cpu'), 'llm CPU requests fit a GPU node').toBeLessThanOrEqual(quantity(pool!.allocatable.cpu));
          expect(sum('memory'), 'llm memory requests fit a GPU node').toBeLessThanOrEqual(quantity(pool!.allocatable.memory));
          expect(pool!.taints).toContainEqual(expect.objectContaining({ key: 'nvidia.com/gpu', effect: 'NoSchedule' }));
        }
      }
      expect(llm.spec.runtimeClassName, 'runtimeClassName only where the profile needs it').toBe(
        v.profile.platform.runtimeClassName,
      );
    },
  },
  {
    concept: 'db-0 identity: StatefulSet db, one replica, serviceName naming a headless Service that selects it',
    check: (v) => {
      const sts = one<StatefulSet>(v, 'StatefulSet', 'db').object;
      expect(sts.spec?.replicas).toBe(1);
      const headless = one<Service>(v, 'Service', sts.spec!.serviceName).object;
      expect(headless.spec?.clusterIP).toBe('None');
      expect(sts.spec!.template.metadata?.labels?.['app.kubernetes.io/component']).toBe('database');
      expect(selects({ matchLabels: headless.spec?.selector }, sts.spec!.template.metadata?.labels ?? {})).toBe(true);
    },
  },
  {
    concept: 'Services db:5432 and llm:8000 target a named container port of the pods they select',
    check: (v) => {
      for (const [name, port] of [['db', 5432], ['llm', 8000]] as const) {
        const svc = one<Service>(v, 'Service', name).object;
        expect(svc.spec?.clusterIP, `${name} is a ClusterIP Service`).not.toBe('None');
        const servicePort = svc.spec?.ports?.find((p) => p.port === port);
        expect(servicePort, `${name} exposes ${port}`).toBeDefined();
        expect(typeof servicePort!.targetPort, `${name} targets its port by name`).toBe('string');
        const backends = v.podTemplates.filter((p) => selects({ matchLabels: svc.spec?.selector }, p.labels));
        expect(backends.length, `pods behind Service ${name}`).toBe(1);
        const containerPort = backends[0]!.spec.containers
          .flatMap((c) => c.ports ?? [])
          .find((p) => p.name === servicePort!.targetPort);
        expect(containerPort?.containerPort, `${name} targetPort ${String(servicePort!.targetPort)}`).toBe(port);
      }
    },
  },
  {
    concept: 'webapp env finds db and llm by Service name and port, password from a Secret reference',
    check: (v) => {
      const web = onlyTemplate(v, 'webapp').spec.containers.find((c) => envValue(c, 'DATABASE_HOST') !== undefined);
      expect(web, 'webapp container with DATABASE_HOST').toBeDefined();
      expect(envValue(web!, 'DATABASE_HOST')).toBe('db');
      expect(envValue(web!, 'DATABASE_PORT')).toBe('5432');
      expect(envValue(web!, 'LLM_BASE_URL')).toBe('http://llm:8000/v1');
      expect(secretRef(web!, 'DATABASE_PASSWORD')?.key).toBeTruthy();
      const llmUrl = new URL(envValue(web!, 'LLM_BASE_URL')!);
      const llmService = one<Service>(v, 'Service', llmUrl.hostname).object;
      expect(llmService.spec?.ports?.map((p) => p.port)).toContain(Number(llmUrl.port));
      expect(one<Service>(v, 'Service', 'db').object.spec?.ports?.map((p) => p.port)).toContain(5432);
    },
  },
  {
    concept: 'horizontal scaling: HPA autoscaling/v2 owns the webapp Deployment (no replicas in Git)',
    check: (v) => {
      const hpas = ofKind<HorizontalPodAutoscaler>(v, 'HorizontalPodAutoscaler').filter(
        (h) => h.object.spec?.scaleTargetRef.kind === 'Deployment' && h.object.spec.scaleTargetRef.name === 'webapp',
      );
      expect(hpas).toHaveLength(1);
      const hpa = hpas[0]!.object;
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec!.minReplicas).toBeGreaterThanOrEqual(MIN_WEBAPP_REPLICAS[v.env]);
      expect(hpa.spec!.maxReplicas).toBeGreaterThanOrEqual(hpa.spec!.minReplicas!);
      const deployment = one<Deployment>(v, 'Deployment', 'webapp').object;
      expect(deployment.spec).toBeDefined();
      expect(deployment.spec).not.toHaveProperty('replicas');
    },
  },
  {
    concept: 'sidecars: webapp native sidecar sharing an emptyDir with the app, db metrics exporter',
    check: (v) => {
      const web = onlyTemplate(v, 'webapp').spec;
      const sidecars = (web.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
      expect(sidecars.length, 'native sidecar (initContainer with restartPolicy Always)').toBeGreaterThan(0);
      const emptyDirs = new Set((web.volumes ?? []).filter((vol) => vol.emptyDir).map((vol) => vol.name));
      const mounts = (c: Container): string[] => (c.volumeMounts ?? []).map((m) => m.name).filter((n) => emptyDirs.has(n));
      const shared = sidecars.flatMap(mounts).filter((n) => web.containers.some((c) => mounts(c).includes(n)));
      expect(shared.length, 'an emptyDir mounted by the sidecar and an app container').toBeGreaterThan(0);
      const db = onlyTemplate(v, 'database').spec;
      const exporter = [...db.containers, ...(db.initContainers ?? [])].find((c) =>
        c.image?.includes('postgres-exporter'),
      );
      expect(exporter, 'postgres-exporter sidecar in the db pod').toBeDefined();
      expect(exporter!.ports?.some((p) => p.name === 'metrics')).toBe(true);
    },
  },
  {
    concept: 'persistent storage: PVC templates with apiVersion/kind, RWO, profile storage class, retained, never pruned',
    check: (v) => {
      const sts = one<StatefulSet>(v, 'StatefulSet', 'db').object;
      const templates = sts.spec?.volumeClaimTemplates ?? [];
      expect(templates.length).toBeGreaterThan(0);
      const classes = v.profile.platform.storageClasses.map((c) => c.name);
      for (const t of templates) {
        expect(t.apiVersion).toBe('v1');
        expect(t.kind).toBe('PersistentVolumeClaim');
        // Argo CD never tracks the claims the StatefulSet controller makes: this annotation protects
        // nothing, and stays only because removing it is a refused template change (see the manifest).
        expect(t.metadata?.annotations?.['argocd.argoproj.io/sync-options'], `template ${t.metadata?.name}`).toBe('Delete=false,Prune=false');
        expect(t.spec?.accessModes).toEqual(['ReadWriteOnce']);
        expect(classes).toContain(t.spec?.storageClassName);
        expect(quantity(t.spec?.resources?.requests?.storage)).toBeGreaterThan(0);
      }
      expect(sts.spec?.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      const standalone = ofKind<PersistentVolumeClaim>(v, 'PersistentVolumeClaim');
      for (const o of [sts, ...standalone.map((p) => p.object)]) {
        const options = (o.metadata?.annotations?.['argocd.argoproj.io/sync-options'] ?? '').split(',');
        expect(options, `${o.kind} ${o.metadata?.name}`).toEqual(expect.arrayContaining(['Delete=false', 'Prune=false']));
      }
      for (const pvc of standalone) expect(classes).toContain(pvc.object.spec?.storageClassName);
    },
  },
  {
    concept: 'standalone PVCs can bind during a sync (consumed by a workload of the same target, or Immediate binding)',
    check: (v) => {
      for (const pvc of ofKind<PersistentVolumeClaim>(v, 'PersistentVolumeClaim')) {
        const consumedBy = v.podTemplates.filter(
          (p) =>
            p.target === pvc.target &&
            ['Deployment', 'StatefulSet'].includes(p.owner.kind) &&
            (p.spec.volumes ?? []).some((vol) => vol.persistentVolumeClaim?.claimName === pvc.object.metadata.name),
        );
        const storageClass = v.profile.platform.storageClasses.find((c) => c.name === pvc.object.spec?.storageClassName);
        expect(
          consumedBy.length > 0 || storageClass?.volumeBindingMode === 'Immediate',
          `PVC ${pvc.object.metadata.name} would stay Pending (Progressing) forever`,
        ).toBe(true);
      }
    },
  },
  {
    concept: 'secrets: no Secret rendered; ExternalSecrets (v1) from the profile store produce every referenced Secret',
    check: (v) => {
      const everything = [...v.workloads.map((w) => w.object), ...v.apps, ...v.bootstrap];
      expect(everything.length).toBeGreaterThan(0);
      expect(everything.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name)).toEqual([]);
      const externalSecrets = v.workloads.filter((w) => w.object.kind === 'ExternalSecret');
      expect(externalSecrets.length).toBeGreaterThanOrEqual(2);
      const produced = new Map<string, Set<string>>();
      for (const { target, object } of externalSecrets) {
        const spec = (object as { spec?: { secretStoreRef?: { kind?: string; name?: string }; target?: { name?: string } } }).spec;
        expect(object.apiVersion).toBe('external-secrets.io/v1');
        expect(spec?.secretStoreRef).toEqual({
          kind: v.profile.platform.externalSecrets.storeKind,
          name: v.profile.platform.externalSecrets.storeName,
        });
        const names = produced.get(target) ?? new Set<string>();
        names.add(spec?.target?.name ?? object.metadata.name);
        produced.set(target, names);
      }
      const llm = onlyTemplate(v, 'llm');
      expect(allContainers(llm.spec).some((c) => secretRef(c, 'HF_TOKEN') !== undefined), 'HF_TOKEN from a Secret').toBe(true);
      for (const p of v.podTemplates) {
        for (const c of allContainers(p.spec)) {
          for (const e of c.env ?? []) {
            const ref = e.valueFrom?.secretKeyRef;
            if (!ref) continue;
            expect([...(produced.get(p.target) ?? [])], `${p.target} ${c.name} ${e.name}`).toContain(ref.name);
          }
        }
      }
    },
  },
  {
    concept: 'no literal value in secret-like env vars, no credentials inside URLs',
    check: (v) => {
      expect(v.podTemplates.length).toBeGreaterThan(0);
      for (const p of v.podTemplates) {
        for (const c of allContainers(p.spec)) {
          for (const e of c.env ?? []) {
            if (SECRET_LIKE_ENV.test(e.name)) expect(e.value, `${c.name} ${e.name} is a literal`).toBeUndefined();
            if (e.value !== undefined) expect(e.value, `${c.name} ${e.name}`).not.toMatch(CREDENTIALS_IN_URL);
          }
          for (const arg of [...(c.command ?? []), ...(c.args ?? [])]) expect(arg).not.toMatch(CREDENTIALS_IN_URL);
        }
      }
    },
  },
  {
    concept: 'LLM: vllm serve on port 8000 named http, pinned model revision, startup budget >= 600 s within progressDeadlineSeconds',
    check: (v) => {
      const deployment = one<Deployment>(v, 'Deployment', 'llm').object;
      const llm = onlyTemplate(v, 'llm');
      const server = llm.spec.containers.find((c) => c.startupProbe);
      expect(server, 'llm container with a startupProbe').toBeDefined();
      expect([...(server!.command ?? []), ...(server!.args ?? [])].join(' ')).toMatch(/\bvllm serve\b/);
      const args = server!.args ?? [];
      expect(args[args.indexOf('--revision') + 1], 'model revision pinned to a commit').toMatch(/^[0-9a-f]{40}$/);
      expect(server!.ports).toContainEqual(expect.objectContaining({ name: 'http', containerPort: 8000 }));
      const budget = startupBudget(server!.startupProbe!);
      expect(budget).toBeGreaterThanOrEqual(600);
      expect(deployment.spec?.progressDeadlineSeconds).toBeGreaterThanOrEqual(budget);
      for (const probe of [server!.startupProbe, server!.readinessProbe, server!.livenessProbe]) {
        expect(probe?.httpGet?.path).toBe('/health');
      }
    },
  },
  {
    concept: 'LLM: /dev/shm tmpfs below the memory limit, model cache PVC (RWO) at HF_HOME, Recreate strategy',
    check: (v) => {
      const deployment = one<Deployment>(v, 'Deployment', 'llm');
      const llm = onlyTemplate(v, 'llm');
      const server = llm.spec.containers.find((c) => c.resources?.limits?.['nvidia.com/gpu'] !== undefined)!;
      const shmMount = server.volumeMounts?.find((m) => m.mountPath === '/dev/shm');
      const shm = llm.spec.volumes?.find((vol) => vol.name === shmMount?.name)?.emptyDir;
      expect(shm?.medium).toBe('Memory');
      expect(quantity(shm?.sizeLimit)).toBeLessThan(quantity(server.resources?.limits?.memory));
      const hfHome = envValue(server, 'HF_HOME');
      expect(hfHome).toBeTruthy();
      const cacheMount = server.volumeMounts?.find((m) => hfHome === m.mountPath || hfHome!.startsWith(`${m.mountPath}/`));
      const claimName = llm.spec.volumes?.find((vol) => vol.name === cacheMount?.name)?.persistentVolumeClaim?.claimName;
      expect(claimName, 'HF_HOME on a PersistentVolumeClaim').toBeTruthy();
      const pvc = ofKind<PersistentVolumeClaim>(v, 'PersistentVolumeClaim', claimName).filter(
        (p) => p.target === deployment.target,
      );
      expect(pvc).toHaveLength(1);
      const rwo = (pvc[0]!.object.spec as PersistentVolumeClaimSpec).accessModes?.includes('ReadWriteOnce');
      const strategy = deployment.object.spec?.strategy;
      if (rwo) {
        expect(strategy?.type === 'Recreate' || String(strategy?.rollingUpdate?.maxSurge) === '0').toBe(true);
      }
    },
  },
  {
    concept: 'PodDisruptionBudgets (llm, webapp) never block all evictions',
    check: (v) => {
      const pdbs = ofKind<PodDisruptionBudget>(v, 'PodDisruptionBudget');
      for (const component of ['llm', 'webapp']) {
        const template = onlyTemplate(v, component);
        expect(pdbs.some((p) => selects(p.object.spec?.selector, template.labels)), `PDB for ${component}`).toBe(true);
      }
      for (const { object } of pdbs) {
        const spec = object.spec!;
        const matched = v.podTemplates.filter((p) => selects(spec.selector, p.labels));
        expect(matched.length, `PDB ${object.metadata.name} selects pods`).toBeGreaterThan(0);
        if (spec.maxUnavailable !== undefined) {
          const max = spec.maxUnavailable;
          expect(typeof max === 'number' ? max : Number.parseInt(max, 10), `PDB ${object.metadata.name}`).toBeGreaterThan(0);
        } else {
          const owner = matched[0]!.owner as Deployment;
          const hpa = ofKind<HorizontalPodAutoscaler>(v, 'HorizontalPodAutoscaler').find(
            (h) => h.object.spec?.scaleTargetRef.name === owner.metadata?.name,
          );
          const replicas = hpa?.object.spec?.minReplicas ?? owner.spec?.replicas ?? 1;
          const min = spec.minAvailable;
          expect(typeof min === 'number' ? min : Number.POSITIVE_INFINITY, `PDB ${object.metadata.name}`).toBeLessThan(replicas);
        }
      }
    },
  },
  {
    concept: 'restricted Pod Security on every pod and container (webapp with a read-only root filesystem)',
    check: (v) => {
      expect(v.podTemplates.length).toBeGreaterThan(0);
      for (const p of v.podTemplates) {
        const pod = p.spec.securityContext ?? {};
        expect(p.spec.hostNetwork ?? false).toBe(false);
        expect(p.spec.hostPID ?? false).toBe(false);
        expect(p.spec.hostIPC ?? false).toBe(false);
        for (const c of allContainers(p.spec)) {
          const sc = c.securityContext ?? {};
          const where = `${p.owner.kind} ${p.owner.metadata.name} / ${c.name}`;
          expect(sc.runAsNonRoot ?? pod.runAsNonRoot, where).toBe(true);
          expect(sc.runAsUser ?? pod.runAsUser, where).toBeGreaterThan(0);
          expect(sc.allowPrivilegeEscalation, where).toBe(false);
          expect(sc.privileged ?? false, where).toBe(false);
          expect(sc.capabilities?.drop, where).toContain('ALL');
          expect(sc.capabilities?.add ?? [], where).toEqual([]);
          expect((sc.seccompProfile ?? pod.seccompProfile)?.type, where).toBe('RuntimeDefault');
          if (p.labels['app.kubernetes.io/component'] === 'webapp') expect(sc.readOnlyRootFilesystem, where).toBe(true);
        }
      }
    },
  },
  {
    concept: 'requests/limits: CPU and memory requests and a memory limit on every container, sidecars and init too',
    check: (v) => {
      expect(v.podTemplates.length).toBeGreaterThan(0);
      for (const p of v.podTemplates) {
        for (const c of allContainers(p.spec)) {
          const where = `${p.owner.kind} ${p.owner.metadata.name} / ${c.name}`;
          expect(quantity(c.resources?.requests?.cpu), where).toBeGreaterThan(0);
          expect(quantity(c.resources?.requests?.memory), where).toBeGreaterThan(0);
          expect(quantity(c.resources?.limits?.memory), where).toBeGreaterThanOrEqual(quantity(c.resources?.requests?.memory));
        }
      }
    },
  },
  {
    concept: 'web app: TLS Ingress from the profile, zero-downtime rollout, topology spread, dedicated probes and ServiceAccount',
    check: (v) => {
      const ingress = one<Ingress>(v, 'Ingress', 'webapp').object;
      expect(ingress.spec?.ingressClassName).toBe(v.profile.platform.ingressClassName);
      expect(ingress.metadata?.annotations?.['cert-manager.io/cluster-issuer']).toBe(v.profile.platform.certManagerClusterIssuer);
      const hosts = (ingress.spec?.rules ?? []).map((r) => r.host);
      expect(hosts.length).toBeGreaterThan(0);
      const tlsHosts = (ingress.spec?.tls ?? []).flatMap((t) => t.hosts ?? []);
      for (const host of hosts) expect(tlsHosts).toContain(host);
      expect((ingress.spec?.tls ?? []).every((t) => t.secretName)).toBe(true);
      const backends = (ingress.spec?.rules ?? []).flatMap((r) => r.http?.paths ?? []).map((p) => p.backend.service?.name);
      expect(new Set(backends)).toEqual(new Set(['webapp']));
      one<Service>(v, 'Service', 'webapp');

      const deployment = one<Deployment>(v, 'Deployment', 'webapp').object;
      expect(deployment.spec?.strategy?.type ?? 'RollingUpdate').toBe('RollingUpdate');
      expect(String(deployment.spec?.strategy?.rollingUpdate?.maxUnavailable)).toBe('0');
      expect(deployment.spec?.minReadySeconds).toBeGreaterThan(0);
      const pod = onlyTemplate(v, 'webapp');
      const keys = (pod.spec.topologySpreadConstraints ?? []).map((t) => t.topologyKey);
      expect(keys).toContain('kubernetes.io/hostname');
      if (v.env === 'prod') expect(keys).toContain('topology.kubernetes.io/zone');
      for (const t of pod.spec.topologySpreadConstraints ?? []) expect(selects(t.labelSelector, pod.labels)).toBe(true);
      for (const c of pod.spec.containers) {
        expect(c.readinessProbe?.httpGet?.path, c.name).toBeTruthy();
        expect(c.livenessProbe?.httpGet?.path, c.name).toBeTruthy();
        expect(c.readinessProbe?.httpGet?.path).not.toBe(c.livenessProbe?.httpGet?.path);
      }
      const sa = pod.spec.serviceAccountName;
      expect(sa && sa !== 'default').toBe(true);
      const account = one<RenderedObject>(v, 'ServiceAccount', sa!).object;
      expect(account.automountServiceAccountToken).toBe(false);
    },
  },
  {
    concept: 'database: PGDATA subdirectory, postgres <= 17, UID/fsGroup 999, pg_isready probes, long grace period',
    check: (v) => {
      const db = onlyTemplate(v, 'database');
      const postgres = db.spec.containers.find((c) => envValue(c, 'PGDATA') !== undefined);
      expect(postgres, 'postgres container with PGDATA').toBeDefined();
      const pgdata = envValue(postgres!, 'PGDATA')!;
      expect(pgdata).toBe('/var/lib/postgresql/data/pgdata');
      expect(postgres!.volumeMounts?.map((m) => m.mountPath)).toContain(posix.dirname(pgdata));
      const tag = parseImageReference(postgres!.image ?? '').tag ?? '';
      expect(Number.parseInt(tag, 10), `postgres image tag ${tag}`).toBeLessThanOrEqual(17);
      const pod = db.spec.securityContext;
      expect(pod?.runAsUser).toBe(999);
      expect(pod?.fsGroup).toBe(999);
      expect(pod?.runAsNonRoot).toBe(true);
      for (const probe of [postgres!.startupProbe, postgres!.readinessProbe, postgres!.livenessProbe]) {
        expect(probe?.exec?.command).toContain('pg_isready');
      }
      expect(db.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(120);
      expect(secretRef(postgres!, 'POSTGRES_PASSWORD')).toBeDefined();
      const exporter = db.spec.containers.find((c) => c.image?.includes('postgres-exporter'))!;
      expect(secretRef(exporter, 'DATA_SOURCE_PASS')).toBeDefined();
      expect(exporter.env?.some((e) => e.name === 'DATA_SOURCE_NAME' && e.value !== undefined)).toBe(false);
    },
  },
  {
    concept: 'backups: pg_dump CronJob outside dev only, allowed to reach db:5432',
    check: (v) => {
      const cronJobs = ofKind<CronJob>(v, 'CronJob');
      if (!HAS_BACKUP[v.env]) {
        expect(cronJobs).toEqual([]);
        return;
      }
      expect(cronJobs).toHaveLength(1);
      const job = podTemplatesOf(cronJobs[0]!.target, cronJobs[0]!.object)[0]!;
      const script = allContainers(job.spec).flatMap((c) => [...(c.command ?? []), ...(c.args ?? [])]).join(' ');
      expect(script).toContain('pg_dump');
      const db = onlyTemplate(v, 'database');
      expect(portNumbers(egressPorts(v, job, db))).toContain(5432);
      expect(portNumbers(ingressPorts(v, db, job))).toContain(5432);
    },
  },
  {
    concept: 'network: default deny (ingress and egress) and DNS egress exactly once, in the namespace target',
    check: (v) => {
      const all = policies(v);
      const denyAll = all.filter(
        (p) =>
          isEmptySelector(p.object.spec?.podSelector) &&
          p.object.spec?.policyTypes?.includes('Ingress') &&
          p.object.spec.policyTypes.includes('Egress') &&
          (p.object.spec.ingress ?? []).length === 0 &&
          (p.object.spec.egress ?? []).length === 0,
      );
      expect(denyAll.map((p) => p.target)).toEqual([`overlays/${v.env}/namespace`]);
      const dns = all.filter(
        (p) =>
          isEmptySelector(p.object.spec?.podSelector) &&
          (p.object.spec?.egress ?? []).some((rule) => {
            const ports = (rule.ports ?? []).map((port) => `${port.protocol ?? 'TCP'}/${String(port.port)}`);
            const toDns = (rule.to ?? []).some(
              (peer) =>
                peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system' &&
                peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns',
            );
            return toDns && ports.includes('UDP/53') && ports.includes('TCP/53');
          }),
      );
      expect(dns.map((p) => p.target)).toEqual([`overlays/${v.env}/namespace`]);
    },
  },
  {
    concept: 'network: only webapp -> llm:8000 and webapp -> db:5432, webapp reached only from the ingress controller',
    check: (v) => {
      const web = onlyTemplate(v, 'webapp');
      const llm = onlyTemplate(v, 'llm');
      const db = onlyTemplate(v, 'database');
      expect(portNumbers(egressPorts(v, web, llm))).toEqual([8000]);
      expect(portNumbers(ingressPorts(v, llm, web))).toEqual([8000]);
      expect(portNumbers(egressPorts(v, web, db))).toEqual([5432]);
      expect(portNumbers(ingressPorts(v, db, web))).toEqual([5432]);
      const webIngress = policies(v)
        .filter((p) => selects(p.object.spec?.podSelector, web.labels) && p.object.spec?.policyTypes?.includes('Ingress'))
        .flatMap((p) => p.object.spec?.ingress ?? []);
      expect(webIngress.length).toBeGreaterThan(0);
      for (const rule of webIngress) {
        expect(rule.from?.length).toBeGreaterThan(0);
        for (const peer of rule.from ?? []) {
          expect(peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']).toBe(
            v.profile.platform.ingressControllerNamespace,
          );
        }
      }
      // Anything else leaving the LLM pod (model download) is HTTPS only.
      const llmEgress = policies(v)
        .filter((p) => !isEmptySelector(p.object.spec?.podSelector) && selects(p.object.spec?.podSelector, llm.labels))
        .flatMap((p) => p.object.spec?.egress ?? []);
      for (const rule of llmEgress) expect(portNumbers(rule.ports ?? [])).toEqual([443]);
      // Metrics scraping only from the profile's monitoring namespace.
      const scrapePeers = policies(v)
        .filter((p) => selects(p.object.spec?.podSelector, db.labels))
        .flatMap((p) => p.object.spec?.ingress ?? [])
        .flatMap((rule) => rule.from ?? [])
        .filter((peer) => peer.namespaceSelector);
      for (const peer of scrapePeers) {
        expect(peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name']).toBe(v.profile.platform.monitoringNamespace);
      }
    },
  },
  {
    concept: 'network: every pod selected by a policy of its own target, no policy selecting nothing',
    check: (v) => {
      const all = policies(v);
      for (const p of v.podTemplates) {
        const own = all.filter((n) => n.target === p.target && !isEmptySelector(n.object.spec?.podSelector));
        expect(own.some((n) => selects(n.object.spec?.podSelector, p.labels)), `${p.owner.kind} ${p.owner.metadata.name}`).toBe(
          true,
        );
      }
      for (const n of all) {
        if (isEmptySelector(n.object.spec?.podSelector)) continue;
        expect(
          v.podTemplates.some((p) => selects(n.object.spec?.podSelector, p.labels)),
          `NetworkPolicy ${n.object.metadata.name} selects pods`,
        ).toBe(true);
      }
    },
  },
  {
    concept: 'images: a version tag everywhere, a digest in prod (explicit exemptions only)',
    check: (v) => {
      const images = v.podTemplates.flatMap((p) => allContainers(p.spec).map((c) => c.image ?? ''));
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) {
        const { repository, tag, digest } = parseImageReference(image);
        expect(tag, image).toMatch(/^v?[0-9]+(\.[0-9]+)*/);
        if (digest !== undefined) expect(digest, image).toMatch(/^sha256:[0-9a-f]{64}$/);
        if (v.env === 'prod' && !(repository in DIGEST_EXEMPT)) expect(digest, `${image} needs a digest in prod`).toBeDefined();
      }
    },
  },
  {
    concept: 'each object rendered by exactly one target, all in the environment namespace',
    check: (v) => {
      const owners = new Map<string, string[]>();
      for (const { target, object } of v.workloads) {
        expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe(v.namespace);
        const key = `${apiGroup(object.apiVersion)}/${object.kind}/${object.metadata.name}`;
        owners.set(key, [...(owners.get(key) ?? []), target]);
      }
      expect([...owners].filter(([, targets]) => targets.length > 1)).toEqual([]);
    },
  },
  {
    concept: 'Argo CD: one Application per overlay; every source path exists in the repo and renders',
    check: (v) => {
      const apps = applications(v.apps);
      const overlayTargets = WORKLOADS.map((w) => `overlays/${v.env}/${w}`);
      expect(apps.map((a) => a.spec.source.path).sort()).toEqual([...overlayTargets].sort());
      expect(TARGETS.filter((t) => t.startsWith(`overlays/${v.env}/`)).sort()).toEqual([...overlayTargets].sort());
      for (const app of [...apps, ...applications(v.bootstrap)]) {
        const dir = join(ROOT, app.spec.source.path);
        expect(existsSync(dir) && statSync(dir).isDirectory(), app.spec.source.path).toBe(true);
        expect(kustomizationFile(dir), `${app.spec.source.path} has a kustomization`).toBeDefined();
        expect(rendered(app.spec.source.path).error).toBeUndefined();
        expect(rendered(app.spec.source.path).objects.length).toBeGreaterThan(0);
        expect(app.spec.source.repoURL).toBe(REPO_URL);
        expect(app.spec.source.targetRevision).toBe('main');
        expect(app.metadata.namespace).toBe('argocd');
        expect(app.spec.project).not.toBe('default');
      }
    },
  },
  {
    concept: 'Argo CD: sync waves namespace < db < llm < webapp',
    check: (v) => {
      const waves = WORKLOADS.map((w) => wave(applicationFor(v, w)));
      expect(waves).toEqual([...waves].sort((a, b) => a - b));
      expect(new Set(waves).size).toBe(WORKLOADS.length);
    },
  },
  {
    concept: 'Argo CD: every Application prunes; the db Application has no cascade-delete finalizer, its data objects carry Prune=false',
    check: (v) => {
      const db = applicationFor(v, 'db');
      expect(db.metadata.finalizers ?? []).not.toContain('resources-finalizer.argocd.argoproj.io');
      // One protection, per object (honoured by manual syncs too), not prune: false on the Application as well.
      for (const w of WORKLOADS) expect(applicationFor(v, w).spec.syncPolicy?.automated?.prune, w).toBe(true);
      const dataHolders = v.workloads.filter(
        (w) => w.target === `overlays/${v.env}/db` && ['StatefulSet', 'PersistentVolumeClaim'].includes(w.object.kind),
      );
      expect(dataHolders.length).toBeGreaterThan(0);
      for (const { object } of dataHolders) {
        const options = (object.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '').split(',');
        expect(options, `${object.kind} ${object.metadata.name}`).toEqual(expect.arrayContaining(['Delete=false', 'Prune=false']));
      }
    },
  },
  {
    concept: 'Argo CD: automated self-heal, ServerSideApply, PruneLast everywhere',
    check: (v) => {
      for (const w of WORKLOADS) {
        const app = applicationFor(v, w);
        expect(app.spec.project).toBe(v.env);
        expect(app.spec.destination).toEqual({ server: IN_CLUSTER, namespace: v.namespace });
        expect(app.spec.syncPolicy?.automated?.selfHeal, w).toBe(true);
        expect(app.spec.syncPolicy?.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'PruneLast=true']));
      }
    },
  },
  {
    concept: 'Argo CD: only the namespace Application creates the namespace, with the Pod Security labels',
    check: (v) => {
      // Under server-side apply the last writer of managedNamespaceMetadata wins, and CreateNamespace
      // without it creates the namespace unlabelled: both belong to one Application.
      const creators = applications(v.apps).filter((a) => a.spec.syncPolicy?.syncOptions?.includes('CreateNamespace=true'));
      const labellers = applications(v.apps).filter((a) => a.spec.syncPolicy?.managedNamespaceMetadata !== undefined);
      const namespaceApp = applicationFor(v, 'namespace').metadata.name;
      expect(creators.map((a) => a.metadata.name)).toEqual([namespaceApp]);
      expect(labellers.map((a) => a.metadata.name)).toEqual([namespaceApp]);
      expect(labellers[0]!.spec.syncPolicy?.managedNamespaceMetadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    },
  },
  {
    concept: "secrets: the database password Secret outlives its ExternalSecret (creationPolicy Orphan)",
    check: (v) => {
      const es = one<RenderedObject & { spec?: { target?: { name?: string; creationPolicy?: string } } }>(
        v,
        'ExternalSecret',
        'db-credentials',
      );
      expect(es.target).toBe(`overlays/${v.env}/db`);
      expect(es.object.spec?.target).toEqual(expect.objectContaining({ name: 'db-credentials', creationPolicy: 'Orphan' }));
    },
  },
  {
    concept: 'Argo CD: AppProject with exact repo and destination, only Namespace cluster-wide, every rendered kind allowed',
    check: (v) => {
      const projects = v.apps.filter((o) => o.kind === 'AppProject') as ArgoProject[];
      expect(projects.map((p) => p.metadata.name)).toEqual([v.env]);
      const project = projects[0]!;
      expect(project.spec.sourceRepos).toEqual([REPO_URL]);
      expect(project.spec.destinations).toEqual([{ server: IN_CLUSTER, namespace: v.namespace }]);
      // By name (honoured since Argo CD 3.3): a Namespace rendered by an overlay is refused.
      expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace', name: v.namespace }]);
      const allowed = new Set((project.spec.namespaceResourceWhitelist ?? []).map((k) => `${k.group}/${k.kind}`));
      expect([...allowed].some((k) => k.includes('*'))).toBe(false);
      for (const { object } of v.workloads) {
        expect(allowed, `${object.kind} allowed by AppProject ${v.env}`).toContain(`${apiGroup(object.apiVersion)}/${object.kind}`);
      }
    },
  },
  {
    concept: 'cluster bootstrap: root app-of-apps on apps/<env> outside the default project, Application health check',
    check: (v) => {
      const roots = applications(v.bootstrap);
      expect(roots.map((r) => r.spec.source.path)).toEqual([`apps/${v.env}`]);
      const root = roots[0]!;
      expect(root.spec.project).not.toBe('default');
      expect(root.spec.destination.server).toBe(IN_CLUSTER);
      const project = v.bootstrap.find((o) => o.kind === 'AppProject' && o.metadata.name === root.spec.project) as
        | ArgoProject
        | undefined;
      expect(project, `AppProject ${root.spec.project} in clusters/${v.env}`).toBeDefined();
      expect(project!.spec.sourceRepos).toEqual([REPO_URL]);
      const cm = v.bootstrap.find(
        (o): o is RenderedObject & { data?: Record<string, string> } => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-cm',
      );
      expect(cm?.metadata.namespace).toBe('argocd');
      expect(cm?.data?.['resource.customizations.health.argoproj.io_Application']).toMatch(/obj\.status\.health/);
    },
  },
  {
    concept: 'cluster bootstrap: the default AppProject locked down, every list written out',
    check: (v) => {
      const locked = v.bootstrap.filter((o) => o.kind === 'AppProject' && o.metadata.name === 'default') as ArgoProject[];
      expect(locked).toHaveLength(1);
      expect(locked[0]!.metadata.namespace).toBe('argocd');
      // Empty lists, not absent ones: server-side apply leaves an omitted field to argocd-server's `*`.
      expect(locked[0]!.spec).toEqual(
        expect.objectContaining({
          sourceRepos: [],
          sourceNamespaces: [],
          destinations: [],
          clusterResourceWhitelist: [],
          namespaceResourceBlacklist: [{ group: '*', kind: '*' }],
        }),
      );
      expect(locked[0]!.spec).not.toHaveProperty('namespaceResourceWhitelist');
    },
  },
  {
    concept: 'cluster profile: valid against its schema, with the expected Kubernetes version',
    check: (v) => {
      const validate = profileValidator();
      const valid = validate(v.profile);
      expect(validate.errors ?? [], `clusters/${v.env}/cluster-profile.yaml`).toEqual([]);
      expect(valid).toBe(true);
      expect(v.profile.environment).toBe(v.env);
      expect(v.profile.kubernetesVersion).toBe(EXPECTED_KUBERNETES_VERSION[v.env]);
    },
  },
  {
    concept: 'cluster profile: never rendered by any target',
    check: (v) => {
      const profile = join(ROOT, 'clusters', v.env, 'cluster-profile.yaml');
      expect(existsSync(profile)).toBe(true);
      for (const dir of KUSTOMIZATION_DIRS) {
        const text = readFileSync(kustomizationFile(join(ROOT, dir))!, 'utf8');
        const refs = parseKustomizationRefs(text).map((ref) => resolve(ROOT, dir, ref));
        expect(refs, `${dir}/kustomization.yaml`).not.toContain(profile);
      }
      for (const target of TARGETS) {
        const objects = rendered(target).objects;
        expect(objects.some((o) => 'nodePools' in o && o.name === v.profile.name), target).toBe(false);
      }
    },
  },
];

let cachedValidator: ReturnType<Ajv['compile']> | undefined;
function profileValidator(): ReturnType<Ajv['compile']> {
  if (!cachedValidator) {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'cluster-profile.schema.json'), 'utf8')) as object;
    cachedValidator = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }
  return cachedValidator;
}

/** Every file or directory a kustomization pulls in (resources, components, patches, generators). */
function parseKustomizationRefs(text: string): string[] {
  const k = (parse(text) ?? {}) as Record<string, unknown>;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((x) => typeof x === 'string') : []);
  const patches = Array.isArray(k.patches) ? (k.patches as Array<{ path?: string }>).flatMap((p) => (p.path ? [p.path] : [])) : [];
  const generated = ['configMapGenerator', 'secretGenerator'].flatMap((field) =>
    Array.isArray(k[field]) ? (k[field] as Array<{ files?: unknown; envs?: unknown }>).flatMap((g) => [...strings(g.files), ...strings(g.envs)]) : [],
  );
  return [...strings(k.resources), ...strings(k.components), ...patches, ...generated];
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  const results = await Promise.all(TARGETS.map((target) => renderKustomize(ROOT, target)));
  for (const result of results) renders.set(result.target, result);
});

describe('render targets', () => {
  it('exist for every environment (overlays, apps, clusters)', () => {
    for (const env of ENVS) {
      for (const target of [...WORKLOADS.map((w) => `overlays/${env}/${w}`), `apps/${env}`, `clusters/${env}`]) {
        expect(TARGETS).toContain(target);
      }
    }
  });

  it.each(TARGETS)('%s builds with kustomize', (target) => {
    const result = rendered(target);
    expect(result.error).toBeUndefined();
    expect(result.objects.length).toBeGreaterThan(0);
  });

  it.each(KUSTOMIZATION_DIRS)('%s uses no deprecated kustomize field', (dir) => {
    const file = kustomizationFile(join(ROOT, dir))!;
    const k = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    expect(Object.keys(k).filter((key) => DEPRECATED_KUSTOMIZE_FIELDS.includes(key))).toEqual([]);
    for (const ref of parseKustomizationRefs(readFileSync(file, 'utf8'))) {
      expect(ref, `${dir}: remote bases are not used`).not.toMatch(/^(https?:|git@|github\.com\/)/);
    }
    expect(k).not.toHaveProperty('helmCharts');
  });
});

describe.each(ENVS)('%s', (env) => {
  // `%s` with the concept as a plain string keeps the whole row name (`$concept` is truncated).
  it.each(CONCEPTS.map(({ concept, check }) => [concept, check] as const))('%s', (_concept, check) => {
    check(view(env));
  });
});

describe('labels of base/db', () => {
  // The API server refuses any change to a live StatefulSet's volumeClaimTemplates, and kustomize's
  // includeTemplates writes labels into them: base/db must keep its labels out of the templates.
  const statefulSet = (objects: RenderedObject[]): StatefulSet & RenderedObject => {
    const found = objects.filter((o) => o.kind === 'StatefulSet' && o.metadata.name === 'db');
    expect(found).toHaveLength(1);
    return found[0] as StatefulSet & RenderedObject;
  };

  it.each(ENVS)('%s: a label added in base/db reaches the pod template, never the volumeClaimTemplates', async (env) => {
    const copy = mkdtempSync(join(tmpdir(), 'desired-state-labels-'));
    try {
      for (const dir of ['base', 'overlays']) cpSync(join(ROOT, dir), join(copy, dir), { recursive: true });
      const file = join(copy, 'base', 'db', 'kustomization.yaml');
      const kustomization = parseDocument(readFileSync(file, 'utf8'));
      kustomization.setIn(['labels', 0, 'pairs', 'example.com/added'], 'probe');
      writeFileSync(file, kustomization.toString());
      const changed = await renderKustomize(copy, `overlays/${env}/db`);
      expect(changed.error).toBeUndefined();
      const before = statefulSet(rendered(`overlays/${env}/db`).objects);
      const after = statefulSet(changed.objects);
      expect(after.metadata.labels?.['example.com/added']).toBe('probe');
      expect(after.spec?.template.metadata?.labels?.['example.com/added']).toBe('probe');
      expect(after.spec?.volumeClaimTemplates).toEqual(before.spec?.volumeClaimTemplates);
      expect(after.spec?.selector).toEqual(before.spec?.selector);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('across environments', () => {
  it('vertical scaling: one database replica everywhere, CPU and memory growing dev <= staging <= prod', () => {
    const requests = ENVS.map((env) => {
      const v = view(env);
      const sts = one<StatefulSet>(v, 'StatefulSet', 'db').object;
      expect(sts.spec?.replicas).toBe(1);
      const postgres = onlyTemplate(v, 'database').spec.containers.find((c) => envValue(c, 'PGDATA'))!;
      return { cpu: quantity(postgres.resources?.requests?.cpu), memory: quantity(postgres.resources?.requests?.memory) };
    });
    const [dev, staging, prod] = requests as [typeof requests[0], typeof requests[0], typeof requests[0]];
    expect(dev.cpu).toBeLessThanOrEqual(staging.cpu);
    expect(staging.cpu).toBeLessThanOrEqual(prod.cpu);
    expect(dev.memory).toBeLessThanOrEqual(staging.memory);
    expect(staging.memory).toBeLessThanOrEqual(prod.memory);
    expect(prod.cpu).toBeGreaterThan(dev.cpu);
    expect(prod.memory).toBeGreaterThan(dev.memory);
  });
});
