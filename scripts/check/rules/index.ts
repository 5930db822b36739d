/** Every rule, explicitly: the order here is the order of the docs. */
import type { AnyRule } from '../types.ts';
import { containerResources } from './container-resources.ts';
import { databaseReplicas } from './database-replicas.ts';
import { gpuLimits } from './gpu-limits.ts';
import { gpuOnlyOnLlm } from './gpu-only-on-llm.ts';
import { gpuScheduling } from './gpu-scheduling.ts';
import { hpa } from './hpa.ts';
import { imagePinned } from './image-pinned.ts';
import { kustomizeDeprecated } from './kustomize-deprecated.ts';
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
  kustomizeDeprecated,
];
