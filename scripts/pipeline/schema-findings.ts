import { objectFinding, type Finding } from '../core/finding.ts';
import type { Manifest } from '../core/manifest.ts';
import { valueAt } from '../core/pointer.ts';
import { isYaml11Boolean } from '../load/index.ts';
import type { RenderedTarget } from '../render/index.ts';
import type { SchemaFinding, SchemaValidator } from '../validate/index.ts';

/** Schema and API-server findings for one manifest. */
export function schemaFindings(manifest: Manifest, validator: SchemaValidator, ignoreMissingSchemas: boolean): Finding[] {
  return validator.validate(manifest.object, manifest.kubernetesVersion).map((finding) => toFinding(finding, manifest, ignoreMissingSchemas));
}

/**
 * Schema and API-server findings for the objects of one rendered target, validated as one batch:
 * a target whose rendered text did not change since an earlier run gets that run's verdicts.
 */
export function renderedTargetSchemaFindings(target: { target: RenderedTarget; manifests: readonly Manifest[] }, validator: SchemaValidator, ignoreMissingSchemas: boolean): Finding[] {
  const { output } = target.target;
  const first = target.manifests[0];
  if (output === undefined || first === undefined) return [];
  const verdicts = validator.validateBatch(target.manifests.map((manifest) => manifest.object), first.kubernetesVersion, output);
  return target.manifests.flatMap((manifest, index) => (verdicts[index] ?? []).map((finding) => toFinding(finding, manifest, ignoreMissingSchemas)));
}

function toFinding(finding: SchemaFinding, manifest: Manifest, ignoreMissingSchemas: boolean): Finding {
  const missing = finding.missingSchema === true && ignoreMissingSchemas;
  return objectFinding(manifest, {
    ruleId: 'schema',
    // Skipped, but never silently: a warning says the object was not validated.
    severity: missing ? 'warning' : 'error',
    message: missing ? `${finding.message}; not validated (--ignore-missing-schemas)` : explain(finding, manifest),
    pointer: finding.pointer,
  });
}

/**
 * Kubernetes reads YAML 1.1: an unquoted `on`, `yes` or `off` is a boolean and `0755` is the
 * number 493. When the schema wanted a string, say why the value is not one.
 */
function explain(finding: SchemaFinding, manifest: Manifest): string {
  const wanted: unknown = finding.params?.type;
  const wantsString = wanted === 'string' || (Array.isArray(wanted) && wanted.includes('string'));
  if (finding.keyword !== 'type' || !wantsString) return finding.message;
  // Never repeat what a Secret holds.
  if (manifest.object.kind === 'Secret' || finding.secret === true) return finding.message;
  const value = valueAt(manifest.object, finding.pointer);
  const text = manifest.sourceScalar?.(finding.pointer);
  if (text === undefined) return finding.message;
  if (typeof value === 'boolean' && isYaml11Boolean(text)) {
    return `${finding.message} (YAML 1.1, which Kubernetes reads, turns the unquoted ${text} into the boolean ${value}; quote it: "${text}")`;
  }
  if (typeof value === 'number' && String(value) !== text) {
    return `${finding.message} (YAML 1.1 reads the unquoted ${text} as the number ${value}; quote it: "${text}")`;
  }
  return finding.message;
}
