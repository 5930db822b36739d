import type { Figure, SideBySideRow } from './figures.ts';

/** The benchmark's table of figures: figure, measured, target, met? — plain text, aligned. */
export function formatTable(figures: readonly Figure[]): string {
  return alignColumns(
    ['figure', 'measured', 'target', 'met?'],
    figures.map((figure) => [
      figure.figure,
      figure.value === null ? 'not measured' : formatValue(figure.value, figure.unit),
      figure.target ? `${figure.target.comparison === 'at least' ? '≥' : '≤'} ${formatValue(figure.target.value, figure.unit)}` : '',
      figure.target ? (figure.met === null ? '?' : figure.met ? 'yes' : 'NO') : '',
    ]),
    new Set([1, 2]),
  );
}

/** The toolkit and kubeconform side by side, one line per command and corpus. */
export function formatSideBySide(rows: readonly SideBySideRow[]): string {
  const known = (value: number | null, unit: string) => (value === null ? 'not measured' : formatValue(value, unit));
  return alignColumns(
    ['command', 'corpus', 'wall time', 'throughput', 'per CPU-second', 'peak memory'],
    rows.map((row) => [
      row.command,
      row.corpus,
      formatValue(row.wallSeconds, 's'),
      formatValue(row.resourcesPerSecond, 'resources/s'),
      known(row.resourcesPerCpuSecond, 'resources/CPU-s'),
      known(row.peakMemoryMB, 'MB'),
    ]),
    new Set([2, 3, 4, 5]),
  );
}

/** Header, a rule of dashes, then the rows; the columns in `rightAligned` are padded on the left. */
function alignColumns(header: string[], body: string[][], rightAligned: ReadonlySet<number>): string {
  const rows = [header, ...body];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n') + '\n';
}

export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case 'resources/s':
    case 'resources/CPU-s':
    case 'MB':
      return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
    case 's':
      return `${value.toFixed(2)} s`;
    case '×':
      return value.toFixed(2);
    default:
      return `${value} ${unit}`;
  }
}
