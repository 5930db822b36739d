import { joinPointer, valueAt, type PathSegment } from '../core/pointer.ts';

/**
 * The pointer of the deepest field that exists along `segments` below `base`: a report about a
 * missing field points at its nearest present parent, where the fix goes.
 */
export function deepestExisting(root: unknown, base: string, ...segments: PathSegment[]): string {
  let pointer = base;
  let current = valueAt(root, base);
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') break;
    const next = (current as Record<string, unknown>)[segment as string];
    if (next === undefined) break;
    pointer = joinPointer(pointer, segment);
    current = next;
  }
  return pointer;
}
