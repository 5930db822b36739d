import type { KubeObject } from './baselines.ts';

/**
 * Field paths as the API server writes them, as lists of segments, so that they compare with
 * JSON pointers: validation's `spec.containers[0].resources.requests[cpu]`, and
 * structured-merge-diff's `.spec.containers[name="web"].ports` (server-side apply), whose
 * key selectors are resolved to list indices in the submitted object.
 */
export function serverPathSegments(path: string, object?: KubeObject): string[] {
  const segments: string[] = [];
  let node: unknown = object;
  const pattern = /([^.[\]]+)|\[((?:[^\]"]|"(?:[^"\\]|\\.)*")*)\]/g;
  for (const match of path.matchAll(pattern)) {
    let segment = match[1] ?? match[2] ?? '';
    if (match[2] !== undefined && match[2].includes('=') && Array.isArray(node)) {
      const index = selectIndex(node, match[2]);
      segment = index === undefined ? match[2] : String(index);
    }
    // Template validation names `template.labels` for what the object holds at template.metadata.labels.
    if (segments[segments.length - 1] === 'template' && (segment === 'labels' || segment === 'annotations')) {
      segments.push('metadata');
      node = (node as KubeObject | undefined)?.metadata;
    }
    segments.push(segment);
    node = node !== null && typeof node === 'object' ? (node as KubeObject)[segment] : undefined;
  }
  return segments;
}

/** The index of the first item a structured-merge-diff selector (`name="web"`, `containerPort=8080,protocol="TCP"`, `="value"`) names. */
function selectIndex(list: unknown[], selector: string): number | undefined {
  const pairs: Array<[string, unknown]> = [];
  for (const match of selector.matchAll(/([\w-]*)=("(?:[^"\\]|\\.)*"|[^,]+)/g)) {
    try {
      pairs.push([match[1]!, JSON.parse(match[2]!)]);
    } catch {
      pairs.push([match[1]!, match[2]]);
    }
  }
  // A key field the item leaves out is one the schema defaults (a port's protocol: "TCP"): it matches.
  const index = list.findIndex((item) =>
    pairs.every(([key, value]) => (key === '' ? item === value : item !== null && typeof item === 'object' && [value, undefined].includes((item as KubeObject)[key]))),
  );
  return index < 0 ? undefined : index;
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The same field, or one inside the other (the server names a map, we name its key, or the reverse). */
export function samePlace(a: readonly string[], b: readonly string[]): boolean {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return false;
  return true;
}
