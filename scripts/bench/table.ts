import type { Figure } from './figures.ts';

/** The benchmark's one table: figure, measured, target, met? — plain text, aligned. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = [
    ['figure', 'measured', 'target', 'met?'],
    ...figures.map((figure) => [
      figure.figure,
      figure.value === null ? 'not measured' : formatValue(figure.value, figure.unit),
      figure.target ? `${figure.target.comparison === 'at least' ? '≥' : '≤'} ${formatValue(figure.target.value, figure.unit)}` : '',
      figure.target ? (figure.met === null ? '?' : figure.met ? 'yes' : 'NO') : '',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === 1 || column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n') + '\n';
}

export function formatValue(value: number, unit: string): string {
  switch (unit) {
    case 'resources/s':
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
