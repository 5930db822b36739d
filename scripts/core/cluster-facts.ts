/** What a cluster provides, from its profile (clusters/<env>/cluster-profile.yaml): what manifests are checked against. */
export interface ClusterFacts {
  nodePools: readonly NodePoolFacts[];
  storageClasses: readonly { name: string; default: boolean; allowVolumeExpansion: boolean }[];
  ingressClassName: string;
  externalSecrets: { storeKind: string; storeName: string };
}

export interface NodePoolFacts {
  name: string;
  count: number;
  /** Of one node: `cpu`, `memory` as quantities, `nvidia.com/gpu` as a count. */
  allocatable: Readonly<Record<string, string | number>>;
  labels: Readonly<Record<string, string>>;
  taints: readonly { key: string; value?: string; effect: string }[];
}
