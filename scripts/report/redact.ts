import { isSecretLikeName, isVariableReference } from '../core/credentials.ts';
import type { FieldChange, PlanEntry } from '../core/plan.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { redactUrlCredentials } from '../core/url-credentials.ts';
import type { ReportInput } from './types.ts';

/**
 * The last line of defence before anything is printed: whatever a stage put in a message, a URL
 * in it keeps its scheme, user and host but never its password (a `$(VAR)` reference, which
 * holds none, stays readable). Stages redact what they know structurally (Secret data, secret-like
 * variables); this catches the URLs any message may quote.
 */
export function redactReportInput(input: ReportInput): ReportInput {
  const plan = input.plan === undefined ? {} : { plan: { ...input.plan, entries: input.plan.entries.map(redactPlanEntry) } };
  return { ...input, diagnostics: input.diagnostics.map(redactDiagnostic), ...plan };
}

/**
 * A plan's field values: a Secret's never reach here (the plan names only the keys that
 * changed); an env var with a secret-like name (`DB_PASSWORD`) shows no value, and no URL its password.
 */
function redactPlanEntry(entry: PlanEntry): PlanEntry {
  if (entry.changes === undefined) return entry;
  return { ...entry, changes: entry.changes.map(redactChange) };
}

function redactChange(change: FieldChange): FieldChange {
  const secretVariable = [...change.path.matchAll(/env\[name=([^\]]+)\]/g)].some((match) => isSecretLikeName(match[1] ?? ''));
  if (secretVariable) return { ...change, before: change.before === undefined ? undefined : '(redacted)', after: change.after === undefined ? undefined : '(redacted)' };
  return { ...change, before: redactValue(change.before), after: redactValue(change.after) };
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value, isVariableReference);
  if (value === null || typeof value !== 'object') return value;
  return JSON.parse(redactUrlCredentials(JSON.stringify(value), isVariableReference)) as unknown;
}

function redactDiagnostic(diagnostic: Diagnostic): Diagnostic {
  const message = redactUrlCredentials(diagnostic.message, isVariableReference);
  return message === diagnostic.message ? diagnostic : { ...diagnostic, message };
}
