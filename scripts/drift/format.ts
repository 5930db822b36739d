import type { DriftFinding, DriftReport, DriftType } from './compare.ts';

export type DriftFormat = 'stylish' | 'json' | 'markdown';
export const driftFormats: readonly DriftFormat[] = ['stylish', 'json', 'markdown'];

const typeLabel: Record<DriftType, string> = { field: 'changed', missing: 'missing', pruned: 'pruned-next-sync', untracked: 'untracked' };

function counts(report: DriftReport): Record<DriftType, number> {
  const out: Record<DriftType, number> = { field: 0, missing: 0, pruned: 0, untracked: 0 };
  for (const finding of report.findings) out[finding.type]++;
  return out;
}

const objectText = (finding: DriftFinding) => `${finding.object.kind} ${finding.object.namespace === '' ? '' : `${finding.object.namespace}/`}${finding.object.name}`;
const where = (finding: DriftFinding) => (finding.file === undefined ? '' : `${finding.file}${finding.line === undefined ? '' : `:${finding.line}`}`);
const operationText = (status: DriftReport['applications'][number]) =>
  !status.present ? 'not in the cluster' : status.operation === null ? 'no operation recorded' : `last operation ${status.operation.phase || '?'}${status.operation.finishedAt ? ` at ${status.operation.finishedAt}` : ''}${status.operation.message ? `: ${status.operation.message}` : ''}`;

function summaryText(report: DriftReport): string {
  const count = counts(report);
  const total = report.findings.length;
  return total === 0
    ? `no drift: ${report.compared} objects of Git match the cluster`
    : `${total} drift finding${total === 1 ? '' : 's'} (${count.field} changed, ${count.missing} missing, ${count.pruned} pruned-next-sync, ${count.untracked} untracked)`;
}

function scopeText(report: DriftReport): string {
  return `listed for untracked objects: ${report.listedKinds.join(', ')} in ${report.namespaces.join(', ')}`;
}

export function formatDrift(format: DriftFormat, report: DriftReport): string {
  if (format === 'json') return `${JSON.stringify({ ...report, summary: { drift: report.findings.length, ...counts(report) } }, null, 2)}\n`;
  return format === 'markdown' ? markdown(report) : stylish(report);
}

function stylish(report: DriftReport): string {
  const lines = [`environment ${report.environment} (context ${report.context}, ${report.server})`, '', 'Applications'];
  const width = Math.max(...report.applications.map((status) => status.name.length), 0);
  for (const status of report.applications) lines.push(`  ${status.name.padEnd(width)}  ${status.sync.padEnd(9)} ${status.health.padEnd(11)} ${operationText(status)}`);
  const groups = new Map<string, DriftFinding[]>();
  for (const finding of report.findings) {
    const group = finding.application ?? '(no Application)';
    groups.set(group, [...(groups.get(group) ?? []), finding]);
  }
  for (const [application, findings] of groups) {
    lines.push('', application);
    for (const finding of findings) {
      const place = where(finding);
      const detail = finding.message.startsWith(`${objectText(finding)} `) ? finding.message.slice(objectText(finding).length + 1) : finding.message;
      lines.push(`  ${typeLabel[finding.type].padEnd(16)}  ${objectText(finding)}  ${detail}${place === '' ? '' : `  ${place}`}`);
    }
  }
  for (const entry of report.unchecked) lines.push(`  not checked: ${entry.what}: ${entry.why}`);
  lines.push('', scopeText(report), summaryText(report));
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markdown(report: DriftReport): string {
  const lines = [`## Drift: ${report.environment}`, '', summaryText(report), '', '| Application | Sync | Health | Last operation |', '| --- | --- | --- | --- |'];
  for (const status of report.applications) lines.push(`| ${cell(status.name)} | ${cell(status.sync)} | ${cell(status.health)} | ${cell(operationText(status))} |`);
  if (report.findings.length > 0) {
    lines.push('', '| Application | Drift | Object | Detail | Declared at |', '| --- | --- | --- | --- | --- |');
    for (const finding of report.findings) {
      const place = where(finding);
      lines.push(`| ${cell(finding.application ?? '—')} | ${typeLabel[finding.type]} | \`${cell(objectText(finding))}\` | ${cell(finding.message)} | ${place === '' ? '' : `\`${cell(place)}\``} |`);
    }
  }
  if (report.unchecked.length > 0) lines.push('', ...report.unchecked.map((entry) => `- not checked: ${cell(entry.what)}: ${cell(entry.why)}`));
  lines.push('', `<sub>${cell(scopeText(report))}</sub>`);
  return `${lines.join('\n')}\n`;
}
