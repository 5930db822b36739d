/** JSON pointers (RFC 6901): the address of a field inside an object. */

export type PathSegment = string | number;

export function escapeSegment(segment: PathSegment): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** ['spec', 'containers', 0, 'resources'] -> '/spec/containers/0/resources' */
export function toPointer(path: readonly PathSegment[]): string {
  return path.map((segment) => '/' + escapeSegment(segment)).join('');
}

/** '/spec/containers/0' -> ['spec', 'containers', 0]; numeric segments become numbers. */
export function parsePointer(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment;
    });
}

/** Appends segments to a pointer: joinPointer('/spec', 'containers', 0). */
export function joinPointer(pointer: string, ...segments: PathSegment[]): string {
  return pointer + toPointer(segments);
}

/** The value at a pointer, or undefined when any step is missing. */
export function valueAt(root: unknown, pointer: string | readonly PathSegment[]): unknown {
  const path = typeof pointer === 'string' ? parsePointer(pointer) : pointer;
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment as string];
  }
  return current;
}
