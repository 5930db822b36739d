import { styleText } from 'node:util';
import type { Diagnostic } from '../core/diagnostic.ts';
import { findingContext } from './context.ts';
import { planText } from './plan-text.ts';
import type { ReportInput, ReportOptions, Summary } from './types.ts';

type Style = Parameters<typeof styleText>[0];

/** Messages longer than this do not push the rule column of their neighbours further right. */
const maxAlignedMessageWidth = 72;

/**
 * ESLint-like output for a person at a terminal: findings grouped by the file to edit, each with
 * its position, severity, message and rule, then the object and field it is about.
 */
export function formatStylish(input: ReportInput, options: ReportOptions): string {
  const paint = (style: Style, text: string): string =>
    // validateStream: false keeps the decision with the caller on Node versions that check the TTY.
    options.color && text !== '' ? styleText(style, text, { validateStream: false }) : text;
  const lines: string[] = [];
  for (const [file, diagnostics] of groupByFile(input.diagnostics)) {
    lines.push(paint('underline', file === '' ? '(no file)' : file));
    lines.push(...fileLines(diagnostics, paint));
    lines.push('');
  }
  lines.push(...summaryLines(input.summary, paint));
  const plan = input.plan === undefined ? '' : planText(input.plan.entries, input.plan.clusters, (text) => paint(['red', 'bold'], text));
  return lines.join('\n') + '\n' + plan;
}

function groupByFile(diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
  const groups = new Map<string, Diagnostic[]>();
  for (const diagnostic of diagnostics) {
    const group = groups.get(diagnostic.file);
    if (group) group.push(diagnostic);
    else groups.set(diagnostic.file, [diagnostic]);
  }
  return groups;
}

function fileLines(diagnostics: readonly Diagnostic[], paint: (style: Style, text: string) => string): string[] {
  const rows = diagnostics.map((diagnostic) => ({
    diagnostic,
    position: `${diagnostic.line}:${diagnostic.column}`,
    messageLines: diagnostic.message.split(/\r?\n/),
  }));
  const positionWidth = Math.max(...rows.map((row) => row.position.length));
  const severityWidth = Math.max(...rows.map((row) => row.diagnostic.severity.length));
  const messageWidth = Math.min(
    maxAlignedMessageWidth,
    Math.max(...rows.map((row) => row.messageLines[0]?.length ?? 0)),
  );
  const indent = ' '.repeat(2 + positionWidth + 2 + severityWidth + 2);

  const lines: string[] = [];
  for (const { diagnostic, position, messageLines } of rows) {
    const [first = '', ...rest] = messageLines;
    const severity =
      paint(diagnostic.severity === 'error' ? 'red' : 'yellow', diagnostic.severity) +
      ' '.repeat(severityWidth - diagnostic.severity.length);
    lines.push(
      `  ${paint('dim', position.padStart(positionWidth))}  ${severity}  ${first.padEnd(messageWidth)}  ${paint('dim', diagnostic.ruleId)}`.trimEnd(),
    );
    for (const line of rest) lines.push(`${indent}${line}`.trimEnd());
    const context = findingContext(diagnostic);
    if (context.length > 0) lines.push(indent + paint('gray', context.join('  ')));
  }
  return lines;
}

function summaryLines(summary: Summary, paint: (style: Style, text: string) => string): string[] {
  const validated =
    `${count(summary.targets, 'target')}, ${count(summary.resources, 'resource')} validated, ` +
    `${count(summary.exemptions, 'exemption')} applied`;
  const problems = summary.errors + summary.warnings;
  if (problems === 0) return [paint(['green', 'bold'], `✔ No problems: ${validated}`)];
  const headline =
    `✖ ${count(problems, 'problem')} ` +
    `(${count(summary.errors, 'error')}, ${count(summary.warnings, 'warning')})`;
  return [paint([summary.errors > 0 ? 'red' : 'yellow', 'bold'], headline), `  ${validated}`];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
