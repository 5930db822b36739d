import type { KubeObject } from '../core/manifest.ts';

/** The annotation Argo CD's annotation tracking (the default of Argo CD 3) writes on every object it applies. */
export const trackingAnnotation = 'argocd.argoproj.io/tracking-id';

/** What a tracking id says: the Application instance and the object's identity. */
export interface TrackingId {
  application: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * The instance name Argo CD tracks an Application's objects by (Application.InstanceName): its
 * name when it lives in Argo CD's own namespace (or names none), else `<namespace>_<name>`.
 */
export function instanceName(name: string, namespace: string | undefined, controllerNamespace = 'argocd'): string {
  return namespace === undefined || namespace === '' || namespace === controllerNamespace ? name : `${namespace}_${name}`;
}

const groupOfApiVersion = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** `<app-instance>:<group>/<kind>:<namespace>/<name>`, as BuildAppInstanceValue (util/argo/resource_tracking.go) writes it. */
export function trackingIdText(id: TrackingId): string {
  return `${id.application}:${id.group}/${id.kind}:${id.namespace}/${id.name}`;
}

/** ParseAppInstanceValue: three parts at the first two colons, the last two split at `/`; undefined for another shape. */
export function parseTrackingId(value: string): TrackingId | undefined {
  const first = value.indexOf(':');
  const second = first < 0 ? -1 : value.indexOf(':', first + 1);
  if (second < 0) return undefined;
  const groupKind = value.slice(first + 1, second).split('/');
  const namespaceName = value.slice(second + 1).split('/');
  if (groupKind.length !== 2 || namespaceName.length !== 2) return undefined;
  return { application: value.slice(0, first), group: groupKind[0]!, kind: groupKind[1]!, namespace: namespaceName[0]!, name: namespaceName[1]! };
}

/**
 * The Application instance a live object is tracked by: its tracking id, when the id names the
 * object itself (a copied annotation names another object, and Argo CD does not count it as its
 * own). The namespace is compared for namespaced objects only.
 */
export function trackedBy(object: KubeObject, namespaced: boolean): string | undefined {
  const value = object.metadata.annotations?.[trackingAnnotation];
  const id = value === undefined ? undefined : parseTrackingId(value);
  if (id === undefined) return undefined;
  const same = id.group === groupOfApiVersion(object.apiVersion) && id.kind === object.kind && id.name === object.metadata.name && (!namespaced || id.namespace === object.metadata.namespace);
  return same ? id.application : undefined;
}
