import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatMarkdown } from './markdown.ts';
import { formatSarif } from './sarif.ts';
import { redactReportInput } from './redact.ts';
import { formatStylish } from './stylish.ts';
import type { FormatName, ReportInput, ReportOptions } from './types.ts';

export { parseOutputSpecs, type OutputSpec } from './outputs.ts';
export { ruleHelpUri, rulesDocUrl } from './sarif.ts';
export type { FormatName, ReportInput, ReportOptions, RuleDescription, Summary, ValidatedResource } from './types.ts';

export const formatNames: readonly FormatName[] = ['stylish', 'json', 'junit', 'sarif', 'github', 'markdown'];

/**
 * The whole output of one run in the chosen format, ready to write to stdout as is: it ends
 * with a newline, except github output for a clean run, which is empty. No format sees a message
 * before URL credentials are masked in it.
 */
export function formatReport(format: FormatName, unredacted: ReportInput, options: ReportOptions): string {
  const input = redactReportInput(unredacted);
  switch (format) {
    case 'stylish':
      return formatStylish(input, options);
    case 'json':
      return formatJson(input);
    case 'junit':
      return formatJunit(input);
    case 'sarif':
      return formatSarif(input);
    case 'github':
      return formatGithub(input);
    case 'markdown':
      return formatMarkdown(input);
  }
}
