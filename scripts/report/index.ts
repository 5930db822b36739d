import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { formatJunit } from './junit.ts';
import { formatSarif } from './sarif.ts';
import { formatStylish } from './stylish.ts';
import type { FormatName, ReportInput, ReportOptions } from './types.ts';

export type { FormatName, ReportInput, ReportOptions, RuleDescription, Summary, ValidatedResource } from './types.ts';

export const formatNames: readonly FormatName[] = ['stylish', 'json', 'junit', 'sarif', 'github'];

/**
 * The whole output of one run in the chosen format, ready to write to stdout as is: it ends
 * with a newline, except github output for a clean run, which is empty.
 */
export function formatReport(format: FormatName, input: ReportInput, options: ReportOptions): string {
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
  }
}
