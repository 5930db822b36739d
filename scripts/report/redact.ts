import { isVariableReference } from '../core/credentials.ts';
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
  return { ...input, diagnostics: input.diagnostics.map(redactDiagnostic) };
}

function redactDiagnostic(diagnostic: Diagnostic): Diagnostic {
  const message = redactUrlCredentials(diagnostic.message, isVariableReference);
  return message === diagnostic.message ? diagnostic : { ...diagnostic, message };
}
