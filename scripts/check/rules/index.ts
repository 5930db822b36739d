/**
 * Every rule, explicitly: the order here is the order of the docs.
 *
 * Adding a rule:
 * 1. copy a neighbour that looks at the same kinds (image-pinned for containers, service-selector
 *    for a rule that looks other objects up): set `id`, `kinds`, `messages` and its `MessageId`
 *    union (a report naming another id does not compile), options schema and defaults;
 * 2. add it to the list below, one line (and its import);
 * 3. write its fixtures in test/fixtures/rules/<id>/: `valid.yaml` and `invalid.yaml`, one more
 *    `valid.<case>.yaml`/`invalid.<case>.yaml` per other option set (a `# options:` header), and
 *    the short `valid.example.yaml`/`invalid.example.yaml` the docs show; mark each finding with
 *    `# expect: <id>/<messageId> @<column> {data}` (format: ../rule-examples.ts);
 * 4. `npm run docs`, then `npx vitest run test/rules.test.ts`.
 */
import type { AnyRule } from '../types.ts';
import { argocdBootstrapDrift } from './argocd-bootstrap-drift.ts';
import { argocdImmutableField } from './argocd-immutable-field.ts';
import { argocdNamespaceMetadata } from './argocd-namespace-metadata.ts';
import { argocdProject } from './argocd-project.ts';
import { argocdPrune } from './argocd-prune.ts';
import { argocdSharedResource } from './argocd-shared-resource.ts';
import { argocdSource } from './argocd-source.ts';
import { argocdSyncOptions } from './argocd-sync-options.ts';
import { argocdSyncWaves } from './argocd-sync-waves.ts';
import { clusterFit } from './cluster-fit.ts';
import { containerResources } from './container-resources.ts';
import { databaseReplicas } from './database-replicas.ts';
import { gpuLimits } from './gpu-limits.ts';
import { gpuOnlyOnLlm } from './gpu-only-on-llm.ts';
import { gpuScheduling } from './gpu-scheduling.ts';
import { hpa } from './hpa.ts';
import { imagePinned } from './image-pinned.ts';
import { ingressHost } from './ingress-host.ts';
import { kustomizeDeprecated } from './kustomize-deprecated.ts';
import { kustomizePatchTarget } from './kustomize-patch-target.ts';
import { networkPolicy } from './network-policy.ts';
import { noCredentialLiterals } from './no-credential-literals.ts';
import { noPlaintextSecrets } from './no-plaintext-secrets.ts';
import { pdb } from './pdb.ts';
import { podSecurity } from './pod-security.ts';
import { probes } from './probes.ts';
import { rwoSingleWriter } from './rwo-single-writer.ts';
import { serviceDiscovery } from './service-discovery.ts';
import { serviceSelector } from './service-selector.ts';
import { shmSize } from './shm-size.ts';
import { startupBudget } from './startup-budget.ts';
import { statefulStorage } from './stateful-storage.ts';

export const rules: readonly AnyRule[] = [
  gpuOnlyOnLlm,
  gpuLimits,
  gpuScheduling,
  shmSize,
  startupBudget,
  containerResources,
  probes,
  imagePinned,
  podSecurity,
  noPlaintextSecrets,
  noCredentialLiterals,
  statefulStorage,
  databaseReplicas,
  rwoSingleWriter,
  serviceSelector,
  serviceDiscovery,
  hpa,
  pdb,
  networkPolicy,
  ingressHost,
  clusterFit,
  kustomizeDeprecated,
  kustomizePatchTarget,
  argocdProject,
  argocdSource,
  argocdSharedResource,
  argocdNamespaceMetadata,
  argocdImmutableField,
  argocdPrune,
  argocdBootstrapDrift,
  argocdSyncOptions,
  argocdSyncWaves,
];
