/**
 * Exemptions, always with a reason: an object annotation
 * `validate.llm-platform.dev/exempt.<rule-id>: "<reason>"`, or a configuration entry matching
 * kind/namespace/name/environment.
 */
import type { Manifest } from '../core/manifest.ts';
import { joinPointer } from '../core/pointer.ts';
import type { ConfigExemption } from './config.ts';
import { asRecord } from './values.ts';

export const exemptionAnnotationPrefix = 'validate.llm-platform.dev/exempt.';

export interface InlineExemptions {
  /** Rule ids exempted with a reason. */
  rules: ReadonlySet<string>;
  /** Annotations that do not exempt anything: no reason, or no such rule. */
  problems: readonly InlineExemptionProblem[];
}

export interface InlineExemptionProblem {
  pointer: string;
  messageId: 'missingReason' | 'unknownRule';
  ruleId: string;
}

/**
 * A reason a reviewer can read: at least one letter, digit, punctuation mark or symbol. Spaces,
 * zero-width and other invisible characters alone are no reason (the configuration schema's
 * `reason` pattern says the same).
 */
export function hasVisibleText(reason: string): boolean {
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(reason);
}

export const exemptionMessages: Record<InlineExemptionProblem['messageId'], string> = {
  missingReason: 'Exemption from "{{rule}}" has no reason; write why the finding is acceptable.',
  unknownRule: 'Exemption names "{{rule}}", which is not a rule id.',
};

const none: InlineExemptions = { rules: new Set(), problems: [] };

export function inlineExemptions(manifest: Manifest, ruleIds: ReadonlySet<string>): InlineExemptions {
  const annotations = asRecord(manifest.object.metadata.annotations);
  if (annotations === undefined) return none;
  let rules: Set<string> | undefined;
  const problems: InlineExemptionProblem[] = [];
  for (const [key, reason] of Object.entries(annotations)) {
    if (!key.startsWith(exemptionAnnotationPrefix)) continue;
    const ruleId = key.slice(exemptionAnnotationPrefix.length);
    const pointer = joinPointer('/metadata/annotations', key);
    if (!ruleIds.has(ruleId)) problems.push({ pointer, messageId: 'unknownRule', ruleId });
    else if (typeof reason !== 'string' || !hasVisibleText(reason)) problems.push({ pointer, messageId: 'missingReason', ruleId });
    else (rules ??= new Set()).add(ruleId);
  }
  return rules === undefined && problems.length === 0 ? none : { rules: rules ?? new Set(), problems };
}

export function configExempts(exemption: ConfigExemption, ruleId: string, manifest: Manifest): boolean {
  return (
    exemption.rule === ruleId &&
    (exemption.kind === undefined || exemption.kind === manifest.ref.kind) &&
    (exemption.namespace === undefined || exemption.namespace === manifest.ref.namespace) &&
    (exemption.name === undefined || exemption.name === manifest.ref.name) &&
    (exemption.environment === undefined || exemption.environment === manifest.environment)
  );
}
