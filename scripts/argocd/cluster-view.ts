import type { ClusterFacts } from '../core/cluster-facts.ts';
import type { KubeObject } from '../core/manifest.ts';
import type { ClusterModel, ModelApplication, ObjectKey } from './model.ts';
import { projectDecision, type ProjectOptions, type Refusal } from './project.ts';
import type { CustomScopes } from './scope.ts';

/** One object as an Application deploys it. */
export interface DeployedObject {
  application: ModelApplication;
  key: ObjectKey;
  object: KubeObject;
}

export function objectKeyText(key: ObjectKey): string {
  return `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
}

/**
 * What the rules ask of one cluster's Argo CD model: which Application deploys an object, what
 * its AppProject refuses, which objects two Applications deploy. Objects are matched by identity: the model is built from the very
 * objects the pipeline loaded, so a rule holding a manifest's object finds its Applications.
 */
export class ClusterView {
  readonly environment: string;
  /** The same cluster at the base revision of the change (`--base`); undefined without one. */
  base: ClusterView | undefined;
  /** The other clusters of the repository, modelled alike (for what must differ between them). */
  others: readonly ClusterView[] = [];
  /** What the cluster provides (its profile): node pools, storage and ingress classes, the secret store. */
  facts: ClusterFacts | undefined;
  /** The cluster's Argo CD, for the AppProject decisions (its version decides what `name` on resource entries does). */
  projectOptions: ProjectOptions = {};
  private readonly byObject = new Map<KubeObject, DeployedObject[]>();
  private readonly byKey = new Map<string, DeployedObject[]>();
  private readonly byApplicationObject = new Map<KubeObject, ModelApplication>();
  private readonly refusalCache = new Map<ModelApplication, readonly Refusal[]>();

  constructor(
    readonly model: ClusterModel,
    private readonly customScopes: CustomScopes = new Map(),
    /** Whether a `targetRevision` names a commit, branch or tag of the repository; undefined when that cannot be told. */
    readonly revisionExists: (revision: string) => boolean | undefined = () => undefined,
    /** `allowVolumeExpansion` of the cluster's StorageClasses (the profile's); undefined: unknown class. */
    readonly allowsExpansion: (storageClass: string | undefined) => boolean | undefined = () => undefined,
  ) {
    this.environment = model.environment;
    for (const application of [...model.root, ...model.applications]) {
      this.byApplicationObject.set(application.object, application);
      for (const { key, object } of application.objects) {
        const deployed = { application, key, object };
        push(this.byObject, object, deployed);
        push(this.byKey, objectKeyText(key), deployed);
      }
    }
  }

  /** The model of an Application object of this cluster (the object as rendered from apps/ or clusters/). */
  applicationOf(object: KubeObject): ModelApplication | undefined {
    return this.byApplicationObject.get(object);
  }

  /** The Applications that deploy this object, with the key each one tracks it by. */
  deploymentsOf(object: KubeObject): readonly DeployedObject[] {
    return this.byObject.get(object) ?? [];
  }

  /** Every Application that deploys an object of this key (group, kind, namespace, name). */
  deploymentsOfKey(key: ObjectKey): readonly DeployedObject[] {
    return this.byKey.get(objectKeyText(key)) ?? [];
  }

  project(name: string): KubeObject | undefined {
    return this.model.projects.find((project) => project.metadata.name === name);
  }

  /** What the Application's AppProject refuses of it and of the objects it renders (Argo CD refuses the whole sync for any). */
  refusals(application: ModelApplication): readonly Refusal[] {
    let refusals = this.refusalCache.get(application);
    if (refusals === undefined) {
      const objects = application.objects.map((entry) => entry.object);
      refusals = projectDecision(this.project(application.project), application.object, objects, this.customScopes, this.projectOptions);
      this.refusalCache.set(application, refusals);
    }
    return refusals;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
