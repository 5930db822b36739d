import type { UnevaluatedRule } from './cel/index.ts';

/** One CRD CEL rule that was not evaluated, counted over the objects validated. */
export interface UnevaluatedRuleCount {
  /** `apiVersion kind` of the custom resource. */
  kind: string;
  rule: string;
  reason: string;
  /** How many times it was skipped (once per value the rule applies to). */
  count: number;
  /** The field pointer of the first value it was skipped on. */
  pointer: string;
}

/** Counts, per kind, rule and reason, the CEL rules a validator did not evaluate. */
export class CelRuleLedger {
  private readonly entries = new Map<string, UnevaluatedRuleCount>();

  record(kind: string, unevaluated: readonly UnevaluatedRule[]): void {
    for (const { rule, reason, pointer } of unevaluated) {
      const key = `${kind}\0${rule}\0${reason}`;
      const entry = this.entries.get(key);
      if (entry === undefined) this.entries.set(key, { kind, rule, reason, count: 1, pointer });
      else entry.count++;
    }
  }

  /** Sorted by kind, then rule. */
  counts(): UnevaluatedRuleCount[] {
    return [...this.entries.values()]
      .map((entry) => ({ ...entry }))
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.rule.localeCompare(b.rule));
  }
}

/**
 * What `--verbose` prints about them: one line in all, then one per kind and rule.
 * Empty when every rule was evaluated.
 */
export function describeUnevaluatedRules(counts: readonly UnevaluatedRuleCount[]): string[] {
  if (counts.length === 0) return [];
  const total = counts.reduce((sum, entry) => sum + entry.count, 0);
  return [
    `CRD CEL rules not evaluated (never reported as findings): ${counts.length} rule(s), ${total} time(s)`,
    ...counts.map(
      (entry) => `  ${entry.kind}: ${JSON.stringify(entry.rule)} at ${entry.pointer || '/'}${entry.count > 1 ? ` and ${entry.count - 1} more` : ''}: ${entry.reason}`,
    ),
  ];
}
