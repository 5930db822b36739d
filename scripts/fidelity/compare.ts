import type { ServerVerdict } from './dry-run.ts';
import { pointerSegments, samePlace, serverPathSegments } from './field-paths.ts';
import type { FidelityCase } from './cases.ts';

export type Outcome = 'agree' | 'false-positive' | 'false-negative';

export interface OfflineVerdict {
  rejected: boolean;
  findings: Array<{ pointer: string; message: string }>;
}

/** Which request decides: the server-side apply Argo CD sends for this repo's Applications. */
export const oracleRequest = 'server-side apply (PATCH application/apply-patch+yaml, dryRun=All, fieldManager=argocd-controller, force=false, fieldValidation=Strict)';

export interface CaseResult {
  kind: string;
  class: string;
  description: string;
  outcome: Outcome;
  /** Both rejected and at least one finding is at (or inside, or around) a field the server named. */
  samePlace?: boolean;
  /** The oracle's verdict: the server-side apply. */
  server: ServerVerdict;
  /** The server-side dry-run create of the same object, kept for comparison. */
  create: ServerVerdict;
  /** The name Argo CD formulates for an object with only generateName, when the apply used one. */
  appliedName?: string;
  offline: OfflineVerdict;
}

export function compareVerdicts(fidelityCase: FidelityCase, verdicts: { apply: ServerVerdict; create: ServerVerdict; appliedName?: string }, offline: OfflineVerdict): CaseResult {
  const server = verdicts.apply;
  const outcome: Outcome = server.accepted === !offline.rejected ? 'agree' : server.accepted ? 'false-positive' : 'false-negative';
  const result: CaseResult = {
    kind: fidelityCase.kind,
    class: fidelityCase.class,
    description: fidelityCase.description,
    outcome,
    server,
    create: verdicts.create,
    ...(verdicts.appliedName === undefined ? {} : { appliedName: verdicts.appliedName }),
    offline,
  };
  if (!server.accepted && offline.rejected) {
    const ours = offline.findings.map((finding) => pointerSegments(finding.pointer));
    result.samePlace = server.fields.some((field) => ours.some((segments) => samePlace(serverPathSegments(field, fidelityCase.object), segments)));
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
  /** Cases where the dry-run create and the apply disagree. */
  createDiffers: number;
}

const emptyRow = (kind: string, klass: string): TableRow => ({ kind, class: klass, cases: 0, agree: 0, falsePositive: 0, falseNegative: 0, samePlace: 0, bothRejected: 0, createDiffers: 0 });

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
      if (result.create.accepted !== result.server.accepted) target.createDiffers++;
    }
  }
  const byName = (a: TableRow, b: TableRow) => a.kind.localeCompare(b.kind) || a.class.localeCompare(b.class);
  return [...[...rows.values()].sort(byName), ...[...classes.values()].sort(byName), total];
}

export function formatTable(rows: readonly TableRow[]): string {
  const header = ['kind', 'class', 'cases', 'agree', 'false +', 'false -', 'same field', 'create differs'];
  const lines = rows.map((row) => [
    row.kind,
    row.class,
    String(row.cases),
    String(row.agree),
    String(row.falsePositive),
    String(row.falseNegative),
    row.bothRejected === 0 ? '-' : `${row.samePlace}/${row.bothRejected}`,
    String(row.createDiffers),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  return [`Oracle: ${oracleRequest}; "create differs": a server-side dry-run create (POST) answers otherwise.`, format(header), ...lines.map(format)].join('\n');
}
