/** The one currency of the pipeline: every stage returns these, the report stage formats them. */

export type Severity = 'error' | 'warning';

/** Identity of the Kubernetes object a finding is about. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** A position in a file a person edits. `line` and `column` are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface Diagnostic extends SourceLocation {
  /** `yaml`, `render`, `schema`, `cluster-profile`, `config`, or a rule id such as `gpu-only-on-llm`. */
  ruleId: string;
  severity: Severity;
  message: string;
  /** The render target (a kustomization directory) or plain input file the finding came from. */
  target: string;
  object: ObjectRef | null;
  /** JSON pointer (RFC 6901) inside the object; '' for the whole object or for non-object findings. */
  pointer: string;
  /** The rule's message id (rules only); kept for tests and tools, not part of the JSON output. */
  messageId?: string;
  /**
   * The environments whose targets gave this same finding (same rule, message, object, field and
   * place: one base file rendered into several clusters), when more than one; it is reported once.
   */
  environments?: string[];
  /** The Argo CD Applications that deploy the object, as `cluster/application` (`prod/prod-webapp`). */
  applications?: string[];
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1 };

/** Stable order for output: by file, line, column, then rule and message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    severityOrder[a.severity] - severityOrder[b.severity] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.target, b.target) ||
    compareText(a.pointer, b.pointer) ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
