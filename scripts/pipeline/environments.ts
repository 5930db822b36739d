import type { ClusterFacts, NodePoolFacts } from '../core/cluster-facts.ts';
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { isRefused, readRepositoryFile } from '../core/repository-files.ts';
import path from 'node:path';
import { placedFinding, type Finding } from '../core/finding.ts';
import { SourceFile } from '../load/index.ts';
import { parsePointer } from '../core/pointer.ts';
import { compilePersisted } from '../validate/index.ts';

/** What the toolkit needs from `clusters/<env>/cluster-profile.yaml`. */
export interface ClusterProfile {
  environment: string;
  kubernetesVersion: string;
  file: string;
  /** Absent when the profile does not validate against its schema. */
  argocd?: ArgocdProfile;
  /** Every storage class, or none when the profile does not validate. */
  storageClasses: StorageClassProfile[];
  /** Every custom kind the cluster serves, or none when the profile does not validate. */
  customResourceDefinitions: CustomResourceDefinitionProfile[];
  /** Node pools and platform pieces, for the rules; absent when the profile does not validate. */
  facts?: ClusterFacts;
}

export interface ArgocdProfile {
  version: string;
  resourceTrackingMethod: 'annotation' | 'label' | 'annotation+label';
  /** The kustomize release that Argo CD version bundles, e.g. `v5.8.1`. */
  kustomizeVersion: string;
}

export interface StorageClassProfile {
  name: string;
  default: boolean;
  volumeBindingMode: 'Immediate' | 'WaitForFirstConsumer';
  reclaimPolicy: 'Delete' | 'Retain';
  allowVolumeExpansion: boolean;
}

export interface CustomResourceDefinitionProfile {
  group: string;
  kind: string;
  scope: 'Namespaced' | 'Cluster';
  servedVersions: string[];
  providedBy: string;
}

/** The parts of a schema-valid profile beyond its Kubernetes version. */
interface ValidProfileFields {
  argocd: ArgocdProfile;
  nodePools: NodePoolFacts[];
  platform: {
    storageClasses: StorageClassProfile[];
    customResourceDefinitions: CustomResourceDefinitionProfile[];
    ingressClassName: string;
    externalSecrets: { storeKind: string; storeName: string };
  };
}

export const clusterProfileFileName = 'cluster-profile.yaml';

/**
 * Reads every cluster profile and validates it against `schemas/cluster-profile.schema.json`.
 * A profile that does not validate still yields its environment, so targets keep their name.
 * Synchronous, like every read of the repo's small local files.
 */
export function loadClusterProfiles(
  repoRoot: string,
  displayPath: (absolute: string) => string,
  validatorCache: string | false = false,
): { profiles: ClusterProfile[]; findings: Finding[] } {
  const clustersDir = path.join(repoRoot, 'clusters');
  const entries = directoryEntries(clustersDir);
  // The toolkit's own schema, not one of the repository validated (a pull request writes there).
  const schema = JSON.parse(readFileSync(new URL('../../schemas/cluster-profile.schema.json', import.meta.url), 'utf8')) as object;
  const validate = compilePersisted(schema, { allErrors: true, strict: false }, validatorCache);
  const profiles: ClusterProfile[] = [];
  const findings: Finding[] = [];

  for (const entry of entries.filter((candidate) => candidate.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const absolute = path.join(clustersDir, entry.name, clusterProfileFileName);
    const read = readRepositoryFile(absolute, repoRoot);
    if (read === undefined) continue;
    const file = displayPath(absolute);
    if (isRefused(read)) {
      const message = `cluster profile ${file} ${read.refused}; refused`;
      findings.push(placedFinding('cluster-profile', { message, target: file, at: { file, line: 1, column: 1 } }));
      profiles.push({ environment: entry.name, kubernetesVersion: '', file, storageClasses: [], customResourceDefinitions: [] });
      continue;
    }
    const text = read.toString('utf8');
    const source = new SourceFile(file, text);
    const report = (pointer: string, message: string): void => {
      const { line, column } = source.locate(0, parsePointer(pointer));
      findings.push(placedFinding('cluster-profile', { message, target: file, pointer, at: { file, line, column } }));
    };
    for (const problem of source.problems()) {
      findings.push(placedFinding('yaml', { message: problem.message, target: file, at: { file, line: problem.line, column: problem.column } }));
    }
    const profile = source.documents()[0];
    const valid = profile !== undefined && validate(profile);
    if (profile !== undefined && !valid) {
      for (const error of validate.errors ?? []) {
        const key = error.keyword === 'additionalProperties' ? `/${String(error.params.additionalProperty)}` : '';
        const detail = error.keyword === 'additionalProperties' ? `unknown field "${String(error.params.additionalProperty)}"` : error.message ?? 'is invalid';
        report(error.instancePath + key, `cluster profile: ${error.instancePath + key || '/'} ${detail}`);
      }
    }
    const version = (profile as { kubernetesVersion?: unknown } | undefined)?.kubernetesVersion;
    // Past the schema, these fields have the declared shapes; before it, nothing is trusted.
    const fields = valid ? (profile as ValidProfileFields) : undefined;
    profiles.push({
      environment: entry.name,
      kubernetesVersion: typeof version === 'string' ? version : '',
      file,
      ...(fields === undefined ? {} : { argocd: fields.argocd }),
      storageClasses: fields?.platform.storageClasses ?? [],
      customResourceDefinitions: fields?.platform.customResourceDefinitions ?? [],
      ...(fields === undefined
        ? {}
        : {
            facts: {
              nodePools: fields.nodePools,
              storageClasses: fields.platform.storageClasses,
              ingressClassName: fields.platform.ingressClassName,
              externalSecrets: fields.platform.externalSecrets,
            },
          }),
    });
  }
  return { profiles, findings };
}

/**
 * The environment a path deploys to: the first path segment that names a cluster profile
 * (`overlays/prod/webapp` → prod, `apps/staging` → staging).
 */
export function environmentOf(relativePath: string, profiles: readonly ClusterProfile[]): ClusterProfile | undefined {
  const segments = relativePath.split(/[\\/]/);
  for (const segment of segments) {
    const profile = profiles.find((candidate) => candidate.environment === segment);
    if (profile !== undefined) return profile;
  }
  return undefined;
}

function directoryEntries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
