import type { Diagnostic, ObjectRef } from '../core/diagnostic.ts';

/** `Deployment product-prod/webapp`, or `ClusterRole admin` for a cluster-scoped object. */
export function objectLabel(object: ObjectRef): string {
  const name = object.name === '' ? '(unnamed)' : object.name;
  return object.namespace ? `${object.kind} ${object.namespace}/${name}` : `${object.kind} ${name}`;
}

/** Same identity, same key: used to attach findings to the resource they are about. */
export function objectKey(target: string, object: ObjectRef): string {
  return JSON.stringify([target, object.apiVersion, object.kind, object.namespace ?? '', object.name]);
}

/**
 * What a finding is about beyond its file and position: the object, the field, and the render
 * target when the file alone does not say it (a base file shared by several overlays).
 */
export function findingContext(diagnostic: Diagnostic): string[] {
  const parts: string[] = [];
  if (diagnostic.object) parts.push(objectLabel(diagnostic.object));
  if (diagnostic.pointer !== '') parts.push(diagnostic.pointer);
  const { target, file } = diagnostic;
  if (diagnostic.environments !== undefined) parts.push(`(in ${diagnostic.environments.join(', ')})`);
  else if (target !== '' && target !== file && !file.startsWith(target.replace(/\/+$/, '') + '/')) parts.push(`(target ${target})`);
  return parts;
}
