/**
 * What every stage before locate returns: a finding names its object and a JSON pointer inside
 * it, not yet a file and line. The locate stage turns findings into diagnostics.
 */
import type { Diagnostic, ObjectRef, Severity, SourceLocation } from './diagnostic.ts';
import type { Manifest } from './manifest.ts';

/** The rule ids the pipeline itself reports under (the policy rules have their own ids). */
export const pipelineRuleIds = ['yaml', 'render', 'schema', 'cluster-profile', 'config', 'exemption', 'argocd-model', 'server-dry-run'] as const;
export type PipelineRuleId = (typeof pipelineRuleIds)[number];

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** The rule's message id (rules only). */
  messageId?: string;
  target: string;
  object: ObjectRef | null;
  /** JSON pointer (RFC 6901) inside the object; '' for the whole object or a finding on no object. */
  pointer: string;
  /** The object the finding is about: the locate stage finds the pointer's source line through it. */
  subject?: Manifest;
  /** Where a finding on no object is (a YAML error, a failed render): known when it is made. */
  at?: SourceLocation;
  /** The Argo CD Applications that deploy the object (or are it), as `cluster/application`. */
  applications?: string[];
}

/** A finding about a field of an object, to be located later. */
export function objectFinding(
  subject: Manifest,
  finding: { ruleId: string; severity: Severity; message: string; pointer: string; messageId?: string },
): Finding {
  return { ...finding, target: subject.target, object: subject.ref, subject };
}

/** A finding whose place is already known: a file, line and column (1-based). */
export function placedFinding(
  ruleId: PipelineRuleId,
  finding: { severity?: Severity; message: string; target: string; at: SourceLocation; pointer?: string },
): Finding {
  return {
    ruleId,
    severity: finding.severity ?? 'error',
    message: finding.message,
    target: finding.target,
    object: null,
    pointer: finding.pointer ?? '',
    at: finding.at,
  };
}

/** A finding with its place, as the report stage takes it. */
export function toDiagnostic(finding: Finding, location: SourceLocation): Diagnostic {
  const diagnostic: Diagnostic = {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    target: finding.target,
    object: finding.object,
    pointer: finding.pointer,
    file: location.file,
    line: location.line,
    column: location.column,
  };
  if (finding.messageId !== undefined) diagnostic.messageId = finding.messageId;
  if (finding.applications !== undefined && finding.applications.length > 0) diagnostic.applications = [...finding.applications];
  return diagnostic;
}
