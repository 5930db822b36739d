import type { ErrorObject } from 'ajv';
import { parsePointer } from '../core/pointer.ts';
import { isSchemaObject } from '../schemas/index.ts';
import { findingsFromError } from './error-finding.ts';
import type { SchemaFinding } from './finding.ts';
import { type KindSchemaRef, schemaAtInstancePath } from './schema-path.ts';

/**
 * Turns ajv errors into findings: the pointer names the offending field itself, the message
 * says what to change, the noise of `anyOf`/`oneOf` branches and `if` collapses into one
 * finding, and repeats (the same problem seen through a `$ref` and its sibling `type`) go.
 * Findings come in pointer order (list indexes numerically), whatever the schema's key order.
 */
export function findingsFromErrors(
  errors: readonly ErrorObject[],
  object: unknown,
  kind: KindSchemaRef,
): SchemaFinding[] {
  const findings = collapseAlternatives(errors, object, kind);
  const seen = new Set<string>();
  return findings
    .filter((finding) => {
      const key = `${finding.pointer}\0${finding.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(compareFindings);
}

function compareFindings(a: SchemaFinding, b: SchemaFinding): number {
  const pa = parsePointer(a.pointer);
  const pb = parsePointer(b.pointer);
  for (let index = 0; index < Math.min(pa.length, pb.length); index++) {
    const x = pa[index]!;
    const y = pb[index]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return pa.length - pb.length || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** Errors in order, each anyOf/oneOf group (its branch errors come before it) collapsed. */
function collapseAlternatives(
  errors: readonly ErrorObject[],
  object: unknown,
  kind: KindSchemaRef,
): SchemaFinding[] {
  const consumed = new Set<number>();
  const collapsed = new Map<number, SchemaFinding[]>();
  errors.forEach((error, index) => {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return;
    const prefix = `${error.schemaPath}/`;
    const branches = new Map<string, SchemaFinding[]>();
    for (let member = 0; member < index; member++) {
      const candidate = errors[member]!;
      if (
        consumed.has(member) ||
        !candidate.schemaPath.startsWith(prefix) ||
        !candidate.instancePath.startsWith(error.instancePath)
      ) {
        continue;
      }
      consumed.add(member);
      const branch = candidate.schemaPath.slice(prefix.length).split('/')[0]!;
      const memberFindings = collapsed.get(member) ?? findingsFromError(candidate, object, kind);
      branches.set(branch, [...(branches.get(branch) ?? []), ...memberFindings]);
    }
    collapsed.set(index, collapseGroup(error, [...branches.values()], kind));
  });
  return errors.flatMap((error, index) =>
    consumed.has(index) ? [] : (collapsed.get(index) ?? findingsFromError(error, object, kind)),
  );
}

function collapseGroup(error: ErrorObject, branches: SchemaFinding[][], kind: KindSchemaRef): SchemaFinding[] {
  const alternatives = schemaAtInstancePath(kind, error.instancePath)?.[error.keyword];
  const requiredOnly =
    Array.isArray(alternatives) &&
    alternatives.every(
      (branch) => isSchemaObject(branch) && Object.keys(branch).length === 1 && Array.isArray(branch['required']),
    );
  const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
  if (requiredOnly) {
    const fields = (alternatives as { required: string[] }[]).map((branch) => branch.required.map((f) => `"${f}"`).join(' and '));
    const message = Array.isArray(passing) ? `must set only one of: ${fields.join(', ')}` : `must set one of: ${fields.join(', ')}`;
    return [{ pointer: error.instancePath, keyword: error.keyword, message, params: { ...error.params } }];
  }
  if (Array.isArray(passing) || branches.length === 0) {
    const message = Array.isArray(passing)
      ? `must match exactly one of the allowed forms, but matches ${passing.length}`
      : 'does not match any of the allowed forms';
    return [{ pointer: error.instancePath, keyword: error.keyword, message, params: { ...error.params } }];
  }
  // The branch that fails least is the form the author most likely meant.
  return branches.reduce((best, branch) => (branch.length < best.length ? branch : best));
}
