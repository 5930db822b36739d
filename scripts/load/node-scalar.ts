import { isScalar, Scalar } from 'yaml';
import { resolvePlainScalar, resolveTaggedScalar, type ResolvedScalar } from './scalar-resolution.ts';

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** The go-yaml value of a scalar node of the `yaml` AST (parsed with the failsafe schema). */
export function resolveScalarNode(node: Scalar): ResolvedScalar | { error: string } {
  const text = node.source ?? '';
  if (node.tag !== undefined) return resolveTaggedScalar(node.tag, text);
  if (node.type === Scalar.PLAIN) return resolvePlainScalar(text);
  return { kind: 'str', value: text };
}

/**
 * A merge key: `<<` unquoted and untagged, or tagged `!!merge` (or the non-specific `!`, which
 * go-yaml's parser also counts as implicit).
 */
export function isMergeKey(node: unknown): boolean {
  if (!isScalar(node) || node.source !== '<<') return false;
  return node.tag === undefined ? node.type === Scalar.PLAIN : node.tag === MERGE_TAG || node.tag === '!';
}
