/**
 * The locate stage: findings (object + JSON pointer) become diagnostics (file, line, column).
 * Only targets that have a finding are rendered again, with origins, and only their objects are
 * parsed for positions; a clean target is rendered once, as Argo CD renders it.
 */
import { compareDiagnostics, type Diagnostic, type SourceLocation } from '../core/diagnostic.ts';
import { toDiagnostic, type Finding } from '../core/finding.ts';
import type { Manifest } from '../core/manifest.ts';

export { RenderedObjectLocator } from './rendered-locator.ts';

/** Renders targets again with origins: the same objects, in the same order, now locatable. */
export type RenderWithOrigins = (targets: readonly string[]) => Promise<ReadonlyMap<string, readonly Manifest[]>>;

export async function locateFindings(findings: readonly Finding[], renderWithOrigins: RenderWithOrigins): Promise<Diagnostic[]> {
  return (await locateFindingsAndFields(findings, [], renderWithOrigins)).diagnostics;
}

/** A field of an object to locate beside the findings (a change of the plan). */
export interface FieldToLocate {
  subject: Manifest;
  pointer: string;
}

/**
 * Findings and other fields in one pass: the targets either needs are rendered again once.
 * Places come back in the order of `fields`.
 */
export async function locateFindingsAndFields(
  findings: readonly Finding[],
  fields: readonly FieldToLocate[],
  renderWithOrigins: RenderWithOrigins,
): Promise<{ diagnostics: Diagnostic[]; places: SourceLocation[] }> {
  const unlocated = new Set<string>();
  for (const finding of findings) {
    if (finding.at === undefined && finding.subject?.locate === undefined && finding.subject !== undefined) unlocated.add(finding.subject.target);
  }
  for (const field of fields) if (field.subject.locate === undefined) unlocated.add(field.subject.target);
  const located = unlocated.size > 0 ? await renderWithOrigins([...unlocated].sort()) : new Map<string, readonly Manifest[]>();
  return {
    diagnostics: sorted(findings.map((finding) => toDiagnostic(finding, placeOf(finding, located)))),
    places: fields.map((field) => placeOfObject(field.subject, field.pointer, located)),
  };
}

/** For findings whose objects can all be located as loaded (plain files, kustomization files, tests). */
export function locateInPlace(findings: readonly Finding[]): Diagnostic[] {
  return sorted(findings.map((finding) => toDiagnostic(finding, placeOf(finding, new Map()))));
}

/** Every object where it is declared (JUnit lists each one); rendered objects must come from a render with origins. */
export function locateResources(manifests: readonly Manifest[]): Array<{ target: string; object: Manifest['ref'] } & SourceLocation> {
  return manifests.map((manifest) => ({ target: manifest.target, object: manifest.ref, ...placeOfObject(manifest, '', new Map()) }));
}

function placeOf(finding: Finding, located: ReadonlyMap<string, readonly Manifest[]>): SourceLocation {
  if (finding.at !== undefined) return finding.at;
  if (finding.subject === undefined) throw new Error(`finding ${finding.ruleId} on ${finding.target} has neither an object nor a place`);
  return placeOfObject(finding.subject, finding.pointer, located);
}

function placeOfObject(subject: Manifest, pointer: string, located: ReadonlyMap<string, readonly Manifest[]>): SourceLocation {
  if (subject.locate !== undefined) return subject.locate(pointer);
  const again = counterpart(subject, located.get(subject.target) ?? []);
  if (again?.locate === undefined) throw new Error(`${subject.ref.kind}/${subject.ref.name} of ${subject.target} was not rendered again with origins`);
  return again.locate(pointer);
}

/** The same object in the render with origins: at the same position, or else by identity. */
function counterpart(subject: Manifest, again: readonly Manifest[]): Manifest | undefined {
  const same = (other: Manifest | undefined) =>
    other !== undefined &&
    other.ref.apiVersion === subject.ref.apiVersion &&
    other.ref.kind === subject.ref.kind &&
    other.ref.name === subject.ref.name &&
    other.ref.namespace === subject.ref.namespace;
  const atPosition = subject.position === undefined ? undefined : again[subject.position];
  return same(atPosition) ? atPosition : again.find(same);
}

function sorted(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort(compareDiagnostics);
}
