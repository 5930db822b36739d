import type { Diagnostic } from '../core/diagnostic.ts';
import type { FieldChange, PlanEntry } from '../core/plan.ts';
import { objectLabel } from './context.ts';
import type { ReportInput } from './types.ts';

/** GitHub refuses a comment over 65,536 characters; this leaves room for the sticky-comment marker. */
export const markdownBudget = 60_000;

const dangerous = new Set(['refuse', 'fail', 'prune', 'cascade-delete']);
const actions = ['refuse', 'fail', 'cascade-delete', 'prune', 'adopt', 'orphan', 'update', 'create'] as const;

/**
 * Text from the repository (names, values, messages quoting them) in the comment: no pipes or
 * newlines breaking a table, no HTML, and no `@` that GitHub would turn into a mention.
 */
function cell(text: string): string {
  return inTable(text).replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '@\u200b');
}

/** Text in a code span: safe from HTML and mentions as it is, but still inside a table row. */
function inTable(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(value: unknown): string {
  const text = value === undefined ? '(none)' : typeof value === 'string' ? value : JSON.stringify(value);
  const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return `\`${inTable(shown).replace(/`/g, "'")}\``;
}

function where(entry: { file?: string; line?: number }): string {
  return entry.file === undefined ? '' : ` (${entry.file}:${String(entry.line ?? 1)})`;
}

function objectText(entry: PlanEntry): string {
  return entry.object === null ? `Application ${entry.application}` : objectLabel(entry.object);
}

/** `old → new` for every container image the plan changes, by workload. */
function imageChanges(entries: readonly PlanEntry[]): string[] {
  const lines: string[] = [];
  for (const entry of entries) {
    for (const change of entry.changes ?? []) {
      if (!change.path.endsWith('.image') || typeof change.after !== 'string') continue;
      lines.push(`${objectText(entry)}: ${code(change.before)} → ${code(change.after)}`);
    }
  }
  return lines;
}

function changeLine(change: FieldChange): string {
  const place = where(change);
  const path = `\`${inTable(change.path).replace(/`/g, "'")}\``;
  if (change.redacted !== undefined) return `- ${path}: values of ${change.redacted.map((key) => `\`${inTable(key).replace(/`/g, "'")}\``).join(', ')} changed (not shown)${place}`;
  if (change.before === undefined) return `- ${path}: set to ${code(change.after)}${place}`;
  if (change.after === undefined) return `- ${path}: removed (was ${code(change.before)})${place}`;
  return `- ${path}: ${code(change.before)} → ${code(change.after)}${place}`;
}

/** One Application's section: every entry, and for an update the fields that change. */
function applicationSection(application: string, entries: readonly PlanEntry[], maxChanges: number): { text: string; cut: number } {
  const lines = [`<details><summary><b>${application}</b>: ${summaryOf(entries)}</summary>`, ''];
  let cut = 0;
  for (const entry of entries) {
    const restarts = entry.restarts.length > 0 ? `, restarts ${entry.restarts.join(', ')}` : '';
    const emphasis = dangerous.has(entry.action) ? '**' : '';
    lines.push(`- ${emphasis}${entry.action}${emphasis} ${objectText(entry)}${where(entry)}: ${cell(entry.reason)}${restarts}`);
    const changes = entry.changes ?? [];
    for (const change of changes.slice(0, maxChanges)) lines.push(`  ${changeLine(change)}`);
    if (changes.length > maxChanges) {
      cut += changes.length - maxChanges;
      lines.push(`  - … ${String(changes.length - maxChanges)} more field changes (in the full plan: \`--format markdown=FILE\`, \`--format json=FILE\`)`);
    }
  }
  lines.push('', '</details>', '');
  return { text: lines.join('\n'), cut };
}

function summaryOf(entries: readonly PlanEntry[]): string {
  const parts = actions.map((action) => [action, entries.filter((entry) => entry.action === action).length] as const).filter(([, count]) => count > 0);
  const restarts = entries.reduce((sum, entry) => sum + entry.restarts.length, 0);
  return [...parts.map(([action, count]) => `${String(count)} ${action}`), ...(restarts > 0 ? [`${String(restarts)} restart${restarts === 1 ? '' : 's'}`] : [])].join(', ') || 'no change';
}

function mermaid(entries: readonly PlanEntry[]): string[] {
  const applications = [...new Set(entries.map((entry) => `${entry.cluster}/${entry.application}`))];
  if (applications.length < 2) return [];
  const id = (text: string) => text.replace(/[^A-Za-z0-9]/g, '_');
  const lines = ['```mermaid', 'flowchart LR'];
  for (const cluster of [...new Set(entries.map((entry) => entry.cluster))].sort()) {
    lines.push(`  subgraph ${id(cluster)}["${cluster}"]`);
    for (const application of [...new Set(entries.filter((entry) => entry.cluster === cluster).map((entry) => entry.application))].sort()) {
      const own = entries.filter((entry) => entry.cluster === cluster && entry.application === application);
      lines.push(`    ${id(`${cluster}_${application}`)}["${application}<br/>${summaryOf(own)}"]`);
    }
    lines.push('  end');
  }
  lines.push('```', '');
  return lines;
}

function findingsSection(diagnostics: readonly Diagnostic[]): string[] {
  if (diagnostics.length === 0) return ['No findings.', ''];
  const lines = ['| severity | file | rule | message |', '| --- | --- | --- | --- |'];
  for (const diagnostic of diagnostics) {
    const environments = diagnostic.environments === undefined ? '' : ` (${diagnostic.environments.join(', ')})`;
    lines.push(`| ${diagnostic.severity} | ${cell(`${diagnostic.file}:${String(diagnostic.line)}`)} | \`${diagnostic.ruleId}\` | ${cell(diagnostic.message)}${environments} |`);
  }
  lines.push('');
  return lines;
}

/**
 * The pull-request comment: the verdict per cluster with every refusal, failure, prune and
 * cascade delete at the top, a summary table, a diagram when more than one Application changes,
 * one collapsible section per Application with its field changes and their source lines, then
 * the findings. Never over `markdownBudget` characters: the largest sections lose their field
 * changes first, then the findings table is cut, each with a note. Same input, same bytes.
 */
export function formatMarkdown(input: ReportInput, budget: number = markdownBudget): string {
  const entries = input.plan?.entries ?? [];
  const clusters = [...new Set([...(input.plan?.clusters ?? []), ...entries.map((entry) => entry.cluster)])].sort();
  const head: string[] = ['## What this change does', ''];
  if (input.plan === undefined) head.push('No plan: run with `--base REV` to predict what each cluster\'s Argo CD does.', '');
  else if (entries.length === 0) head.push(`Nothing changes in any cluster (${clusters.join(', ')}).`, '');
  const danger = entries.filter((entry) => dangerous.has(entry.action));
  for (const entry of danger) head.push(`- **${entry.cluster}: ${entry.action} ${objectText(entry)}** (${entry.application}): ${cell(entry.reason)}`);
  if (danger.length > 0) head.push('');
  if (input.plan !== undefined) {
    head.push('| cluster | Applications changed | created | updated | pruned | restarts | refused / failing |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const cluster of clusters) {
      const own = entries.filter((entry) => entry.cluster === cluster);
      const count = (action: string) => String(own.filter((entry) => entry.action === action).length);
      const restarts = own.flatMap((entry) => entry.restarts);
      const applications = [...new Set(own.map((entry) => entry.application))].length;
      head.push(`| ${cluster} | ${String(applications)} | ${count('create')} | ${count('update')} | ${String(Number(count('prune')) + Number(count('cascade-delete')))} | ${restarts.length === 0 ? '0' : cell(restarts.join(', '))} | ${String(Number(count('refuse')) + Number(count('fail')))} |`);
    }
    head.push('');
    const images = imageChanges(entries);
    if (images.length > 0) head.push('Images:', '', ...images.map((line) => `- ${line}`), '');
    head.push(...mermaid(entries));
  }
  const groups = new Map<string, PlanEntry[]>();
  for (const entry of entries) {
    const key = `${entry.cluster}/${entry.application}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const keys = [...groups.keys()].sort();
  const plural = (count: number, word: string) => `${String(count)} ${word}${count === 1 ? '' : 's'}`;
  const summary = `${plural(input.summary.errors, 'error')}, ${plural(input.summary.warnings, 'warning')} in ${plural(input.summary.targets, 'target')} (${plural(input.summary.resources, 'resource')})`;
  const findings = ['## Findings', '', summary, '', ...findingsSection(input.diagnostics)];

  // Field changes per section, shrinking the largest sections first until everything fits.
  const limits = new Map(keys.map((key) => [key, Infinity]));
  for (;;) {
    const sections = keys.map((key) => ({ key, ...applicationSection(key, groups.get(key)!, limits.get(key)!) }));
    const cut = sections.reduce((sum, section) => sum + section.cut, 0);
    const note = cut > 0 ? [`_${String(cut)} field changes are not shown here to stay within GitHub's comment size; the full plan is in the files written with \`--format markdown=FILE\` and \`--format json=FILE\`._`, ''] : [];
    const text = [...head, ...note, ...sections.map((section) => section.text), ...findings].join('\n');
    if (text.length <= budget) return text;
    const largest = sections.filter((section) => limits.get(section.key)! > 0).sort((a, b) => b.text.length - a.text.length || a.key.localeCompare(b.key))[0];
    if (largest === undefined) return cutToBudget([...head, ...note, ...sections.map((section) => section.text)].join('\n'), findings, budget);
    const current = groups.get(largest.key)!.reduce((most, entry) => Math.max(most, entry.changes?.length ?? 0), 0);
    limits.set(largest.key, Math.min(limits.get(largest.key)!, current) > 8 ? Math.floor(Math.min(limits.get(largest.key)!, current) / 2) : 0);
  }
}

/** The findings table loses its last rows, then the plan its tail, with a note; the result is within budget. */
function cutToBudget(plan: string, findings: readonly string[], budget: number): string {
  const note = '\n_The rest is cut to stay within GitHub\'s comment size; the full report is in the files written with `--format markdown=FILE` and `--format json=FILE`._\n';
  let rows = [...findings];
  while (rows.length > 0 && `${plan}\n${rows.join('\n')}${note}`.length > budget) rows = rows.slice(0, -1);
  const text = `${plan}\n${rows.join('\n')}${note}`;
  return text.length <= budget ? text : `${text.slice(0, budget - note.length - 1)}${note}`;
}
