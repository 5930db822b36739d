/** Runs the configured rules over every manifest and turns their reports into located diagnostics. */
import { compareDiagnostics, type Diagnostic, type Severity } from '../core/diagnostic.ts';
import type { KubeObject, Manifest } from '../core/manifest.ts';
import { settingFor, type CheckConfig, type ConfiguredRule } from './config.ts';
import { configExempts, exemptionMessages, inlineExemptions, type InlineExemptions } from './exemptions.ts';
import { matchesLabels } from './labels.ts';
import { apiGroup } from './pods.ts';
import type { RuleContext, RuleReport, WorkloadMatchers } from './types.ts';

export interface RunOptions {
  /** false: `--no-inline-exemptions`, annotation exemptions are ignored. */
  inlineExemptions: boolean;
  /**
   * Which rules run: all (default); `single-object`, the rules that look at one object only
   * (they can run on a share of the scope: one plain file at a time, here or in a worker
   * thread), with the checks of exemption annotations; or `cross-object`, the others, once the
   * whole scope is together. The two parts together report exactly what all rules report.
   */
  part?: 'single-object' | 'cross-object';
}

export interface RunResult {
  diagnostics: Diagnostic[];
  /** (object, rule) pairs whose findings an exemption suppressed. */
  exemptionsApplied: number;
}

interface ActiveRule {
  configured: ConfiguredRule;
  severity: Severity;
  options: Readonly<Record<string, unknown>>;
}

interface ActiveRules {
  objects: ActiveRule[];
  kustomizations: ActiveRule[];
}

/** Kustomization files the pipeline passes in their own scope; only kustomization rules see them. */
export function isKustomizationFile(object: KubeObject): boolean {
  return (
    apiGroup(object.apiVersion) === 'kustomize.config.k8s.io' &&
    (object.kind === 'Kustomization' || object.kind === 'Component')
  );
}

export function runRules(scopes: readonly (readonly Manifest[])[], config: CheckConfig, options: RunOptions): RunResult {
  const run = {
    config,
    inlineExemptions: options.inlineExemptions,
    part: options.part,
    ruleIds: new Set(config.rules.map((configured) => configured.rule.meta.id)),
    activeRules: activeRulesByEnvironment(config),
    workloads: workloadMatchers(config),
    diagnostics: [] as Diagnostic[],
    exemptionsApplied: 0,
  };
  for (const scope of scopes) {
    for (const manifest of scope) checkManifest(run, manifest, scope);
  }
  run.diagnostics.sort(compareDiagnostics);
  return { diagnostics: run.diagnostics, exemptionsApplied: run.exemptionsApplied };
}

interface Run {
  config: CheckConfig;
  inlineExemptions: boolean;
  part: RunOptions['part'];
  ruleIds: ReadonlySet<string>;
  activeRules: (environment: string | undefined) => ActiveRules;
  workloads: WorkloadMatchers;
  diagnostics: Diagnostic[];
  exemptionsApplied: number;
}

function checkManifest(run: Run, manifest: Manifest, scope: readonly Manifest[]): void {
  const inline = run.inlineExemptions ? inlineExemptions(manifest, run.ruleIds) : undefined;
  // Exemption annotations are checked once: with the single-object part, or when all rules run.
  for (const problem of run.part === 'cross-object' ? [] : (inline?.problems ?? [])) {
    const message = fill(exemptionMessages[problem.messageId], { rule: problem.ruleId });
    run.diagnostics.push(diagnostic(manifest, 'exemption', 'error', problem.messageId, message, problem.pointer));
  }
  // One context and one report sink per manifest, shared by its rules: 20 rules × 20,000
  // objects must not mean 400,000 closures.
  let reports: RuleReport[] = [];
  const context: RuleContext<Readonly<Record<string, unknown>>> = {
    object: manifest.object,
    manifest,
    get objects(): readonly Manifest[] {
      if (run.part === 'single-object') throw new Error('a rule that reads other objects must declare crossObject: true');
      return scope;
    },
    environment: manifest.environment,
    options: {},
    workloads: run.workloads,
    report: (report) => void reports.push(report),
  };
  const active = run.activeRules(manifest.environment);
  for (const rule of isKustomizationFile(manifest.object) ? active.kustomizations : active.objects) {
    if (run.part !== undefined && (rule.configured.rule.meta.crossObject === true) !== (run.part === 'cross-object')) continue;
    context.options = rule.options;
    runRule(rule.configured, context);
    if (reports.length === 0) continue;
    const found = reports;
    reports = [];
    if (isExempt(run, inline, rule.configured.rule.meta.id, manifest)) run.exemptionsApplied += 1;
    else for (const report of found) run.diagnostics.push(ruleDiagnostic(manifest, rule, report));
  }
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

/** The rules that run in an environment, with their settings, resolved once per environment. */
function activeRulesByEnvironment(config: CheckConfig): (environment: string | undefined) => ActiveRules {
  const cache = new Map<string | undefined, ActiveRules>();
  return (environment) => {
    let active = cache.get(environment);
    if (active === undefined) {
      active = { objects: [], kustomizations: [] };
      for (const configured of config.rules) {
        const { severity, options } = settingFor(configured, environment);
        if (severity === 'off') continue;
        const list = configured.rule.meta.appliesTo === 'kustomizations' ? active.kustomizations : active.objects;
        list.push({ configured, severity, options });
      }
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

/** Replaces `{{name}}` with `data.name`; unknown placeholders stay visible, as in ESLint. */
export function fill(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (placeholder, key: string) =>
    Object.hasOwn(data, key) ? String(data[key]) : placeholder,
  );
}

function ruleDiagnostic(manifest: Manifest, rule: ActiveRule, report: RuleReport): Diagnostic {
  const { id, messages } = rule.configured.rule.meta;
  const template = messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${id} reported unknown message id ${report.messageId}`);
  return diagnostic(manifest, id, rule.severity, report.messageId, fill(template, report.data ?? {}), report.at);
}

function diagnostic(
  manifest: Manifest,
  ruleId: string,
  severity: Severity,
  messageId: string,
  message: string,
  pointer: string,
): Diagnostic {
  const location = manifest.locate(pointer);
  return {
    file: location.file,
    line: location.line,
    column: location.column,
    ruleId,
    severity,
    message,
    target: manifest.target,
    object: manifest.ref,
    pointer,
    messageId,
  };
}
