import { dns1123Label, labelValue, qualifiedName, shown } from './names.ts';
import { isObject, key, type Findings, type Json } from './finding.ts';

/** How a kind's names are checked: the rule, and the words a message uses for it. */
export type NameRule = (value: string) => string | undefined;

/** The API server's limit on all annotation keys and values of one object together. */
const annotationsTotalLimit = 256 * 1024;
/** A generated name is the prefix cut to 58 characters plus 5 random ones. */
const generatedPrefixLength = 58;

/**
 * metadata, as ValidateObjectMeta checks it on create: name (per kind's rule), generateName (the
 * same rule, a trailing '-' allowed), namespace, labels and annotations. A namespace on a
 * cluster-scoped kind is dropped by the server, so it is not checked there.
 */
export function validateObjectMeta(
  out: Findings,
  meta: Json,
  kind: string,
  nameRule: NameRule,
  namespaced: boolean,
  strictFinalizers: boolean,
  pointer = '/metadata',
): void {
  const name = meta.name;
  const generateName = meta.generateName;
  if (typeof generateName === 'string' && generateName !== '') {
    const problem = nameRule(maskTrailingDash(generateName));
    if (problem !== undefined) out.push({ pointer: `${pointer}/generateName`, message: `generateName "${shown(generateName)}": a ${kind} name ${problem}` });
    else if (typeof name !== 'string' || name === '') {
      // The server names the object prefix + 5 characters; that name must pass the rule too.
      const generated = `${generateName.slice(0, generatedPrefixLength)}abcde`;
      const generatedProblem = nameRule(generated);
      if (generatedProblem !== undefined) out.push({ pointer: `${pointer}/generateName`, message: `generateName "${shown(generateName)}" gives names that break the rule: a ${kind} name ${generatedProblem}` });
    }
  }
  if (typeof name === 'string' && name !== '') {
    const problem = nameRule(name);
    if (problem !== undefined) out.push({ pointer: `${pointer}/name`, message: `name "${shown(name)}": a ${kind} name ${problem}` });
  }
  const namespace = meta.namespace;
  if (namespaced && typeof namespace === 'string' && namespace !== '') {
    const problem = dns1123Label(namespace);
    if (problem !== undefined) out.push({ pointer: `${pointer}/namespace`, message: `namespace "${shown(namespace)}": a namespace name ${problem}` });
  }
  validateLabels(out, meta.labels, `${pointer}/labels`);
  validateAnnotations(out, meta.annotations, `${pointer}/annotations`);
  const finalizers = meta.finalizers;
  if (Array.isArray(finalizers)) validateFinalizers(out, finalizers, `${pointer}/finalizers`, strictFinalizers);
}

/** The finalizers Kubernetes itself defines: the only ones that need no domain. */
const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/**
 * Finalizers are qualified names; the core API groups also want a domain (`example.com/cleanup`)
 * on every finalizer that is not one of Kubernetes' own.
 */
function validateFinalizers(out: Findings, finalizers: unknown[], pointer: string, strict: boolean): void {
  finalizers.forEach((finalizer, index) => {
    if (typeof finalizer !== 'string') return;
    const problem = qualifiedName(finalizer);
    if (problem !== undefined) out.push({ pointer: `${pointer}/${index}`, message: `finalizer "${shown(finalizer)}" ${problem}` });
    else if (strict && !finalizer.includes('/') && !standardFinalizers.has(finalizer)) {
      out.push({ pointer: `${pointer}/${index}`, message: `finalizer "${shown(finalizer)}" needs a domain prefix (example.com/${shown(finalizer)}): only Kubernetes' own (${[...standardFinalizers].join(', ')}) go without` });
    }
  });
  // ValidateFinalizers: orphaning the dependents and deleting them in the foreground exclude each other.
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    out.push({ pointer, message: 'finalizers orphan and foregroundDeletion cannot both be set: one keeps the dependents, the other deletes them first' });
  }
}

/** A generateName may end in '-': the random suffix follows it. */
function maskTrailingDash(value: string): string {
  return value.length > 1 && value.endsWith('-') ? `${value.slice(0, -1)}a` : value;
}

/** Label maps: metadata.labels, a template's labels, matchLabels, nodeSelector, a Service selector. */
export function validateLabels(out: Findings, labels: unknown, pointer: string, what = 'label'): void {
  if (!isObject(labels)) return;
  for (const labelKey in labels) {
    const keyProblem = qualifiedName(labelKey);
    if (keyProblem !== undefined) out.push({ pointer: `${pointer}/${key(labelKey)}`, message: `${what} key "${shown(labelKey)}" ${keyProblem}` });
    const value = labels[labelKey];
    if (typeof value !== 'string') continue;
    const valueProblem = labelValue(value);
    if (valueProblem !== undefined) out.push({ pointer: `${pointer}/${key(labelKey)}`, message: `${what} ${labelKey}: "${shown(value)}": ${valueProblem}` });
  }
}

/** Annotation keys are qualified names (case-insensitively); all of them together at most 256 KiB. */
export function validateAnnotations(out: Findings, annotations: unknown, pointer: string): void {
  if (!isObject(annotations)) return;
  let total = 0;
  for (const annotationKey in annotations) {
    const keyProblem = qualifiedName(annotationKey.toLowerCase());
    if (keyProblem !== undefined) out.push({ pointer: `${pointer}/${key(annotationKey)}`, message: `annotation key "${shown(annotationKey)}" ${keyProblem}` });
    const value = annotations[annotationKey];
    total += annotationKey.length + (typeof value === 'string' ? value.length : 0);
  }
  // Characters undercount bytes by at most 3 to 1: count bytes only when it could matter.
  if (total * 3 > annotationsTotalLimit) total = annotationBytes(annotations);
  if (total > annotationsTotalLimit) {
    out.push({ pointer, message: `annotations total ${total} bytes; the API server allows at most ${annotationsTotalLimit} (256 KiB) for all keys and values of one object` });
  }
}

function annotationBytes(annotations: Json): number {
  let total = 0;
  for (const annotationKey in annotations) {
    const value = annotations[annotationKey];
    total += Buffer.byteLength(annotationKey) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  return total;
}
