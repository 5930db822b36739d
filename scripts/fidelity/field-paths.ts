/**
 * Field paths as the API server writes them (`spec.containers[0].resources.requests[cpu]`) and
 * JSON pointers (`/spec/containers/0/resources/requests/cpu`), both as lists of segments, so
 * the two can be compared.
 */
export function serverPathSegments(path: string): string[] {
  const segments: string[] = [];
  const pattern = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (const match of path.matchAll(pattern)) {
    const segment = match[1] ?? match[2] ?? '';
    // Template validation names `template.labels` for what the object holds at template.metadata.labels.
    if (segments[segments.length - 1] === 'template' && (segment === 'labels' || segment === 'annotations')) segments.push('metadata');
    segments.push(segment);
  }
  return segments;
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
