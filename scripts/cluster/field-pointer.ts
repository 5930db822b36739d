/**
 * A field path as the API server writes it in `details.causes[].field` or in a server-side apply
 * message, turned into a JSON pointer into the submitted object: validation's
 * `spec.template.spec.containers[0].resources.requests[cpu]`, structured-merge-diff's
 * `.spec.containers[name="web"].ports` (a key selector becomes the index of the item it selects).
 * The pointer stops at the deepest field the object has, so that the locate stage finds a line.
 */
import { isRecord } from '../core/json-values.ts';
export function serverFieldPointer(field: string, object: unknown): string {
  const segments: string[] = [];
  let node: unknown = object;
  for (const match of field.matchAll(/([^.[\]]+)|\[((?:[^\]"]|"(?:[^"\\]|\\.)*")*)\]/g)) {
    let segment = match[1] ?? match[2] ?? '';
    if (match[2] !== undefined && Array.isArray(node)) {
      const index = match[2].includes('=') ? selectedIndex(node, match[2]) : /^\d+$/.test(match[2]) ? Number(match[2]) : undefined;
      if (index === undefined) break;
      segment = String(index);
    }
    // Pod template validation names `template.labels` for template.metadata.labels.
    if (segments.at(-1) === 'template' && (segment === 'labels' || segment === 'annotations') && isRecord(node) && isRecord(node['metadata'])) {
      segments.push('metadata');
      node = node['metadata'];
    }
    const next: unknown = Array.isArray(node) ? (node as unknown[])[Number(segment)] : isRecord(node) ? node[segment] : undefined;
    if (next === undefined) break;
    segments.push(segment);
    node = next;
  }
  return segments.map((segment) => `/${segment.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The first item a selector (`name="web"`, `containerPort=8080,protocol="TCP"`, `="value"`) names; a key the item leaves out matches (the schema defaults it). */
function selectedIndex(list: unknown[], selector: string): number | undefined {
  const pairs: Array<[string, unknown]> = [];
  for (const match of selector.matchAll(/([\w-]*)=("(?:[^"\\]|\\.)*"|[^,]+)/g)) {
    let value: unknown = match[2];
    try {
      value = JSON.parse(match[2]!);
    } catch {
      // an unquoted word: compared as text
    }
    pairs.push([match[1]!, value]);
  }
  const index = list.findIndex((item) => pairs.every(([key, value]) => (key === '' ? item === value : isRecord(item) && (item[key] === undefined || item[key] === value))));
  return index < 0 ? undefined : index;
}
