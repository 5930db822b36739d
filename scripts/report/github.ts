import type { Diagnostic } from '../core/diagnostic.ts';
import { findingContext } from './context.ts';
import type { ReportInput } from './types.ts';

/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the file and line a
 * person edits. Escaping follows the runner's rules: `%`, CR and LF in the message; additionally
 * `:` and `,` in property values, which would otherwise end the value.
 */
export function formatGithub(input: ReportInput): string {
  return input.diagnostics.map((diagnostic) => workflowCommand(diagnostic) + '\n').join('');
}

function workflowCommand(diagnostic: Diagnostic): string {
  const properties: string[] = [];
  if (diagnostic.file !== '') {
    properties.push(`file=${escapeProperty(diagnostic.file.replace(/\\/g, '/'))}`);
    if (diagnostic.line >= 1) {
      properties.push(`line=${diagnostic.line}`);
      if (diagnostic.column >= 1) properties.push(`col=${diagnostic.column}`);
    }
  }
  properties.push(`title=${escapeProperty(diagnostic.ruleId)}`);
  return `::${diagnostic.severity} ${properties.join(',')}::${escapeData(annotationMessage(diagnostic))}`;
}

/** The message, then the object, field and target on a second line of the annotation. */
function annotationMessage(diagnostic: Diagnostic): string {
  const context = findingContext(diagnostic);
  return context.length === 0 ? diagnostic.message : `${diagnostic.message}
${context.join(' ')}`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
