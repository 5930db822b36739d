/** Runs the configured rules over every manifest and turns their reports into located diagnostics. */
import { compareDiagnostics, type Diagnostic, type Severity } from '../core/diagnostic.ts';
import type { KubeObject, Manifest } from '../core/manifest.ts';
import { settingFor, type CheckConfig, type ConfiguredRule } from './config.ts';
import { configExempts, exemptionMessages, inlineExemptions } from './exemptions.ts';
import { matchesLabels } from './labels.ts';
import { apiGroup } from './pods.ts';
import type { RuleReport, WorkloadMatchers } from './types.ts';

export interface RunOptions {
  /** false: `--no-inline-exemptions`, annotation exemptions are ignored. */
  inlineExemptions: boolean;
}

export interface RunResult {
  diagnostics: Diagnostic[];
  /** (object, rule) pairs whose findings an exemption suppressed. */
  exemptionsApplied: number;
}

/** Kustomization files the pipeline passes in their own scope; only kustomization rules see them. */
export function isKustomizationFile(object: KubeObject): boolean {
  return (
    apiGroup(object.apiVersion) === 'kustomize.config.k8s.io' &&
    (object.kind === 'Kustomization' || object.kind === 'Component')
  );
}

export function runRules(
  scopes: readonly (readonly Manifest[])[],
  config: CheckConfig,
  options: RunOptions,
): RunResult {
  const workloads = workloadMatchers(config);
  const ruleIds = new Set(config.rules.map((configured) => configured.rule.meta.id));
  const objectRules = config.rules.filter((configured) => configured.rule.meta.appliesTo !== 'kustomizations');
  const kustomizationRules = config.rules.filter((configured) => configured.rule.meta.appliesTo === 'kustomizations');
  const diagnostics: Diagnostic[] = [];
  let exemptionsApplied = 0;

  for (const scope of scopes) {
    for (const manifest of scope) {
      const inline = options.inlineExemptions ? inlineExemptions(manifest, ruleIds) : undefined;
      for (const problem of inline?.problems ?? []) {
        const message = fill(exemptionMessages[problem.messageId], { rule: problem.ruleId });
        diagnostics.push(diagnostic(manifest, 'exemption', 'error', problem.messageId, message, problem.pointer));
      }
      const rules = isKustomizationFile(manifest.object) ? kustomizationRules : objectRules;
      for (const configured of rules) {
        const { severity, options: ruleOptions } = settingFor(configured, manifest.environment);
        if (severity === 'off') continue;
        const reports = runRule(configured, manifest, scope, ruleOptions, workloads);
        if (reports.length === 0) continue;
        const ruleId = configured.rule.meta.id;
        if (inline?.rules.has(ruleId) || config.exemptions.some((exemption) => configExempts(exemption, ruleId, manifest))) {
          exemptionsApplied += 1;
          continue;
        }
        for (const report of reports) {
          const template = configured.rule.meta.messages[report.messageId];
          if (template === undefined) throw new Error(`rule ${ruleId} reported unknown message id ${report.messageId}`);
          const message = fill(template, report.data ?? {});
          diagnostics.push(diagnostic(manifest, ruleId, severity, report.messageId, message, report.at));
        }
      }
    }
  }
  diagnostics.sort(compareDiagnostics);
  return { diagnostics, exemptionsApplied };
}

function runRule(
  configured: ConfiguredRule,
  manifest: Manifest,
  scope: readonly Manifest[],
  options: Readonly<Record<string, unknown>>,
  workloads: WorkloadMatchers,
): RuleReport[] {
  const reports: RuleReport[] = [];
  try {
    configured.rule.check({
      object: manifest.object,
      manifest,
      objects: scope,
      environment: manifest.environment,
      options,
      workloads,
      report: (report) => reports.push(report),
    });
  } catch (error) {
    const ref = manifest.ref;
    throw new Error(`rule ${configured.rule.meta.id} failed on ${ref.kind}/${ref.name} in ${manifest.target}`, {
      cause: error,
    });
  }
  return reports;
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
