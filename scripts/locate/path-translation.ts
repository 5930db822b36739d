import type { PathSegment } from '../core/pointer.ts';

/**
 * List items are matched by these keys, in order (the strategic-merge keys of the Kubernetes
 * lists people patch: containers, env, ports, volumes, volumeMounts, tolerations, ...).
 */
const mergeKeys = ['name', 'containerPort', 'mountPath', 'devicePath', 'port', 'key', 'ip', 'topologyKey', 'type'];

/**
 * Follows a path through a rendered object and, side by side, through a source document (a base
 * file or a patch). List indices differ between the two (a patch lists one container, the base
 * two), so list items are matched by their merge key, not by position. Returns the path in the
 * source document as far as it exists there.
 */
export function translatePath(
  rendered: unknown,
  source: unknown,
  segments: readonly PathSegment[],
): { path: PathSegment[]; exact: boolean } {
  const path: PathSegment[] = [];
  let renderedNode = rendered;
  let sourceNode = source;
  for (const segment of segments) {
    if (Array.isArray(renderedNode)) {
      if (!Array.isArray(sourceNode) || typeof segment !== 'number') return { path, exact: false };
      const index = matchingIndex(renderedNode, segment, sourceNode);
      if (index < 0) return { path, exact: false };
      path.push(index);
      renderedNode = renderedNode[segment];
      sourceNode = sourceNode[index];
      continue;
    }
    if (!isMapping(sourceNode) || !Object.hasOwn(sourceNode, segment)) return { path, exact: false };
    path.push(segment);
    renderedNode = isMapping(renderedNode) ? renderedNode[segment] : undefined;
    sourceNode = sourceNode[segment];
  }
  return { path, exact: true };
}

function matchingIndex(renderedList: readonly unknown[], renderedIndex: number, sourceList: readonly unknown[]): number {
  const item = renderedList[renderedIndex];
  if (isMapping(item)) {
    for (const key of mergeKeys) {
      const value = item[key];
      if (value === undefined || (value !== null && typeof value === 'object')) continue;
      const found = sourceList.findIndex((candidate) => isMapping(candidate) && candidate[key] === value);
      if (found >= 0) return found;
    }
  } else if (item === null || typeof item !== 'object') {
    const found = sourceList.indexOf(item);
    if (found >= 0) return found;
  }
  // Lists without merge keys (args, command) keep their positions when nothing was merged in.
  return sourceList.length === renderedList.length && renderedIndex < sourceList.length ? renderedIndex : -1;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
