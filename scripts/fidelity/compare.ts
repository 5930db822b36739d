import type { ServerVerdict } from './dry-run.ts';
import { pointerSegments, samePlace, serverPathSegments } from './field-paths.ts';
import type { FidelityCase } from './cases.ts';

export type Outcome = 'agree' | 'false-positive' | 'false-negative';

export interface OfflineVerdict {
  rejected: boolean;
  findings: Array<{ pointer: string; message: string }>;
}

export interface CaseResult {
  kind: string;
  class: string;
  description: string;
  outcome: Outcome;
  /** Both rejected and at least one finding is at (or inside, or around) a field the server named. */
  samePlace?: boolean;
  server: ServerVerdict;
  offline: OfflineVerdict;
}

export function compareVerdicts(fidelityCase: FidelityCase, server: ServerVerdict, offline: OfflineVerdict): CaseResult {
  const outcome: Outcome = server.accepted === !offline.rejected ? 'agree' : server.accepted ? 'false-positive' : 'false-negative';
  const result: CaseResult = { kind: fidelityCase.kind, class: fidelityCase.class, description: fidelityCase.description, outcome, server, offline };
  if (!server.accepted && offline.rejected) {
    const ours = offline.findings.map((finding) => pointerSegments(finding.pointer));
    result.samePlace = server.fields.some((field) => ours.some((segments) => samePlace(serverPathSegments(field), segments)));
  }
  return result;
}

export interface TableRow {
  kind: string;
  class: string;
  cases: number;
  agree: number;
  falsePositive: number;
  falseNegative: number;
  samePlace: number;
  bothRejected: number;
}

const emptyRow = (kind: string, klass: string): TableRow => ({ kind, class: klass, cases: 0, agree: 0, falsePositive: 0, falseNegative: 0, samePlace: 0, bothRejected: 0 });

/** One row per kind and class, then one per class over all kinds, then the total row. */
export function tabulate(results: readonly CaseResult[]): TableRow[] {
  const rows = new Map<string, TableRow>();
  const classes = new Map<string, TableRow>();
  const total = emptyRow('all', 'all');
  for (const result of results) {
    const rowKey = `${result.kind}\0${result.class}`;
    let row = rows.get(rowKey);
    if (row === undefined) rows.set(rowKey, (row = emptyRow(result.kind, result.class)));
    let classRow = classes.get(result.class);
    if (classRow === undefined) classes.set(result.class, (classRow = emptyRow('all', result.class)));
    for (const target of [row, classRow, total]) {
      target.cases++;
      if (result.outcome === 'agree') target.agree++;
      else if (result.outcome === 'false-positive') target.falsePositive++;
      else target.falseNegative++;
      if (result.samePlace !== undefined) {
        target.bothRejected++;
        if (result.samePlace) target.samePlace++;
      }
    }
  }
  const byName = (a: TableRow, b: TableRow) => a.kind.localeCompare(b.kind) || a.class.localeCompare(b.class);
  return [...[...rows.values()].sort(byName), ...[...classes.values()].sort(byName), total];
}

export function formatTable(rows: readonly TableRow[]): string {
  const header = ['kind', 'class', 'cases', 'agree', 'false +', 'false -', 'same field'];
  const lines = rows.map((row) => [
    row.kind,
    row.class,
    String(row.cases),
    String(row.agree),
    String(row.falsePositive),
    String(row.falseNegative),
    row.bothRejected === 0 ? '-' : `${row.samePlace}/${row.bothRejected}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [format(header), ...lines.map(format)].join('\n');
}
