/** Runs the configured rules over every manifest, once, and returns their reports as findings (pointers, not yet lines). */
import type { ClusterView } from '../argocd/index.ts';
import type { Severity } from '../core/diagnostic.ts';
import { objectFinding, type Finding } from '../core/finding.ts';
import type { KubeObject, Manifest } from '../core/manifest.ts';
import { settingFor, type CheckConfig, type ConfiguredRule } from './config.ts';
import { configExempts, exemptionMessages, inlineExemptions, type InlineExemptions } from './exemptions.ts';
import { matchesLabels } from './labels.ts';
import { fill } from './messages.ts';
import { apiGroup } from './pods.ts';
import { ScopeIndex } from './scope.ts';
import type { AnyRule, KindSelector, RuleContext, RuleReport, WorkloadMatchers } from './types.ts';

export interface CheckOptions {
  /** false: `--no-inline-exemptions`, annotation exemptions are ignored. */
  inlineExemptions: boolean;
  /** The Argo CD model of an environment's cluster, for the rules that read `context.index.argocd`. */
  argocd?: (environment: string | undefined) => ClusterView | undefined;
  /** The objects a render target rendered, for the rules on kustomization files. */
  renderedObjects?: (target: string) => readonly Manifest[] | undefined;
}

export interface CheckResult {
  findings: Finding[];
  /** (object, rule) pairs whose findings an exemption suppressed. */
  exemptionsApplied: number;
}

interface ActiveRule {
  configured: ConfiguredRule;
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
}

/** A rule for one kind, with its selectors of that kind (they may name several groups). */
interface KindEntry {
  rule: ActiveRule;
  selectors: readonly KindSelector[];
}

/** The rules that run in an environment, by the kind they select (registry order within a kind). */
type ActiveRules = ReadonlyMap<string, readonly KindEntry[]>;

/** A report whose message id and placeholders the engine has checked. */
interface FilledReport {
  at: string;
  messageId: string;
  message: string;
}

export function runRules(scopes: readonly (readonly Manifest[])[], config: CheckConfig, options: CheckOptions): CheckResult {
  const run = {
    config,
    inlineExemptions: options.inlineExemptions,
    ruleIds: new Set(config.rules.map((configured) => configured.rule.meta.id)),
    rulesFor: rulesByEnvironmentAndKind(activeRulesByEnvironment(config)),
    workloads: workloadMatchers(config),
    findings: [] as Finding[],
    exemptionsApplied: 0,
  };
  for (const scope of scopes) {
    const environment = scope[0]?.environment;
    const index = new ScopeIndex(scope, options.argocd?.(environment), options.renderedObjects);
    for (const manifest of scope) checkManifest(run, manifest, index);
  }
  return { findings: run.findings, exemptionsApplied: run.exemptionsApplied };
}

interface Run {
  config: CheckConfig;
  inlineExemptions: boolean;
  ruleIds: ReadonlySet<string>;
  /** The rules that select an object of this apiVersion and kind in an environment, in run order. */
  rulesFor: (environment: string | undefined, object: KubeObject) => readonly ActiveRule[];
  workloads: WorkloadMatchers;
  findings: Finding[];
  exemptionsApplied: number;
}

function checkManifest(run: Run, manifest: Manifest, index: ScopeIndex): void {
  const inline = run.inlineExemptions ? inlineExemptions(manifest, run.ruleIds) : undefined;
  for (const problem of inline?.problems ?? []) {
    const message = fill(exemptionMessages[problem.messageId], { rule: problem.ruleId });
    run.findings.push(objectFinding(manifest, { ruleId: 'exemption', severity: 'error', messageId: problem.messageId, message, pointer: problem.pointer }));
  }
  const rules = run.rulesFor(manifest.environment, manifest.object);
  const [first] = rules;
  if (first === undefined) return;
  // One context and one report sink per manifest, shared by its rules: 20 rules × 20,000
  // objects must not mean 400,000 closures.
  let reports: FilledReport[] = [];
  let current: AnyRule = first.configured.rule;
  const context: RuleContext<Readonly<Record<string, unknown>>> = {
    object: manifest.object,
    manifest,
    index,
    environment: manifest.environment,
    options: {},
    workloads: run.workloads,
    report: (report) => void reports.push(filled(current, report)),
  };
  for (const rule of rules) {
    context.options = rule.options;
    current = rule.configured.rule;
    runRule(rule.configured, context);
    if (reports.length === 0) continue;
    const found = reports;
    reports = [];
    if (isExempt(run, inline, rule.configured.rule.meta.id, manifest)) run.exemptionsApplied += 1;
    else for (const report of found) run.findings.push(ruleFinding(manifest, rule, report));
  }
}

/** The kind of a selector that selects every kind (except kustomization files, which reach only rules that name them). */
const anyKind = '*';

function selects(selector: KindSelector, object: KubeObject): boolean {
  if (selector.kind === anyKind) return apiGroup(object.apiVersion) !== 'kustomize.config.k8s.io';
  if (selector.apiVersion !== undefined) return object.apiVersion === selector.apiVersion;
  return selector.group === undefined || apiGroup(object.apiVersion) === selector.group;
}

/** Checked when the rule reports, so a bad id or a placeholder without data fails the rule's run. */
function filled(rule: AnyRule, report: RuleReport): FilledReport {
  const template = Object.hasOwn(rule.meta.messages, report.messageId) ? rule.meta.messages[report.messageId] : undefined;
  if (template === undefined) throw new Error(`rule ${rule.meta.id} reported unknown message id ${report.messageId}`);
  return { at: report.at, messageId: report.messageId, message: fill(template, report.data ?? {}) };
}

function runRule(configured: ConfiguredRule, context: RuleContext<Readonly<Record<string, unknown>>>): void {
  try {
    configured.rule.check(context);
  } catch (error) {
    const { ref, target } = context.manifest;
    throw new Error(`rule ${configured.rule.meta.id} failed on ${ref.kind}/${ref.name} in ${target}`, { cause: error });
  }
}

function isExempt(run: Run, inline: InlineExemptions | undefined, ruleId: string, manifest: Manifest): boolean {
  return (
    inline?.rules.has(ruleId) === true || run.config.exemptions.some((exemption) => configExempts(exemption, ruleId, manifest))
  );
}

/**
 * The rules an object meets, by environment, kind and apiVersion: what a rule selects depends on
 * nothing else, so the selectors are matched once per kind seen, not once per object.
 */
function rulesByEnvironmentAndKind(activeRules: (environment: string | undefined) => ActiveRules): Run['rulesFor'] {
  const cache = new Map<string | undefined, Map<string, Map<string, readonly ActiveRule[]>>>();
  return (environment, object) => {
    let byKind = cache.get(environment);
    if (byKind === undefined) cache.set(environment, (byKind = new Map<string, Map<string, readonly ActiveRule[]>>()));
    let byApiVersion = byKind.get(object.kind);
    if (byApiVersion === undefined) byKind.set(object.kind, (byApiVersion = new Map<string, readonly ActiveRule[]>()));
    let rules = byApiVersion.get(object.apiVersion);
    if (rules === undefined) {
      const active = activeRules(environment);
      const entries = active.get(object.kind) ?? active.get(anyKind) ?? [];
      rules = entries.filter(({ selectors }) => selectors.some((selector) => selects(selector, object))).map(({ rule }) => rule);
      byApiVersion.set(object.apiVersion, rules);
    }
    return rules;
  };
}

/** The rules that run in an environment, with their settings, resolved once per environment. */
function activeRulesByEnvironment(config: CheckConfig): (environment: string | undefined) => ActiveRules {
  const cache = new Map<string | undefined, ActiveRules>();
  return (environment) => {
    let active = cache.get(environment);
    if (active === undefined) {
      const byKind = new Map<string, KindEntry[]>();
      for (const configured of config.rules) {
        const { severity, options } = settingFor(configured, environment);
        if (severity === 'off') continue;
        const rule = { configured, severity, options };
        for (const kind of new Set(configured.rule.meta.kinds.map((selector) => selector.kind))) {
          const selectors = configured.rule.meta.kinds.filter((selector) => selector.kind === kind);
          const entries = byKind.get(kind);
          if (entries === undefined) byKind.set(kind, [{ rule, selectors }]);
          else entries.push({ rule, selectors });
        }
      }
      // Rules of every kind (`kind: '*'`) run after the rules of each kind.
      const everyKind = byKind.get(anyKind);
      if (everyKind !== undefined) for (const [kind, entries] of byKind) if (kind !== anyKind) entries.push(...everyKind);
      active = byKind;
      cache.set(environment, active);
    }
    return active;
  };
}

function workloadMatchers(config: CheckConfig): WorkloadMatchers {
  return {
    isLlm: (labels) => labels !== undefined && matchesLabels(config.workloads.llm, labels),
    isDatabase: (labels) => labels !== undefined && matchesLabels(config.workloads.database, labels),
  };
}

function ruleFinding(manifest: Manifest, rule: ActiveRule, report: FilledReport): Finding {
  return objectFinding(manifest, {
    ruleId: rule.configured.rule.meta.id,
    severity: rule.severity,
    messageId: report.messageId,
    message: report.message,
    pointer: report.at,
  });
}
