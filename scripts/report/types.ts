import type { Diagnostic, ObjectRef } from '../core/diagnostic.ts';
import type { PlanEntry } from '../core/plan.ts';

export type FormatName = 'stylish' | 'json' | 'junit' | 'sarif' | 'github' | 'markdown';

/** An object that went through validation, with where it was declared. */
export interface ValidatedResource {
  target: string;
  object: ObjectRef;
  file: string;
  line: number;
  column: number;
}

export interface Summary {
  targets: number;
  resources: number;
  errors: number;
  warnings: number;
  exemptions: number;
}

export interface RuleDescription {
  id: string;
  /** One sentence: what the rule checks (the first paragraph of its section in docs/rules.md). */
  description: string;
  /** Markdown: why the rule exists (the "Why." paragraph of its section in docs/rules.md). */
  help?: string;
  /** An absolute URI of the rule's documentation. */
  helpUri?: string;
}

export interface ReportInput {
  /** Already in output order (see compareDiagnostics). */
  diagnostics: readonly Diagnostic[];
  summary: Summary;
  resources: readonly ValidatedResource[];
  rules: readonly RuleDescription[];
  toolVersion: string;
  /** With `--base`: what each cluster's Argo CD does when the change lands, and the clusters modelled. */
  plan?: { entries: readonly PlanEntry[]; clusters: readonly string[] };
}

export interface ReportOptions {
  /** Decided by the CLI (TTY, NO_COLOR, FORCE_COLOR); formats never look at the process. */
  color: boolean;
}
