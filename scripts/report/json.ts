import type { Diagnostic, ObjectRef } from '../core/diagnostic.ts';
import type { PlanEntry } from '../core/plan.ts';
import type { ReportInput } from './types.ts';

/**
 * The stable machine-readable shape CI tooling depends on. Objects are built key by key so
 * the order never depends on how a stage happened to construct its data; `messageId` and any
 * other internal field stay out; `namespace` appears only when the object has one.
 */
export function formatJson(input: ReportInput): string {
  const { summary } = input;
  const output = {
    summary: {
      targets: summary.targets,
      resources: summary.resources,
      errors: summary.errors,
      warnings: summary.warnings,
      exemptions: summary.exemptions,
    },
    diagnostics: input.diagnostics.map(jsonDiagnostic),
    ...(input.plan === undefined ? {} : { plan: input.plan.entries.map(jsonPlanEntry) }),
  };
  return JSON.stringify(output, null, 2) + '\n';
}

function jsonPlanEntry(entry: PlanEntry) {
  return {
    cluster: entry.cluster,
    application: entry.application,
    action: entry.action,
    object: entry.object === null ? null : jsonObject(entry.object),
    reason: entry.reason,
    restarts: [...entry.restarts],
    ...(entry.file === undefined ? {} : { file: entry.file, line: entry.line }),
    ...(entry.changes === undefined
      ? {}
      : {
          changes: entry.changes.map((change) => ({
            path: change.path,
            ...(change.redacted === undefined ? { before: change.before ?? null, after: change.after ?? null } : { changedKeys: [...change.redacted] }),
            ...(change.file === undefined ? {} : { file: change.file, line: change.line }),
          })),
        }),
  };
}

function jsonDiagnostic(diagnostic: Diagnostic) {
  return {
    ruleId: diagnostic.ruleId,
    severity: diagnostic.severity,
    message: diagnostic.message,
    target: diagnostic.target,
    object: diagnostic.object === null ? null : jsonObject(diagnostic.object),
    pointer: diagnostic.pointer,
    file: diagnostic.file,
    line: diagnostic.line,
    column: diagnostic.column,
    ...(diagnostic.environments === undefined ? {} : { environments: [...diagnostic.environments] }),
    ...(diagnostic.applications === undefined ? {} : { applications: [...diagnostic.applications] }),
  };
}

function jsonObject(object: ObjectRef) {
  const namespace = object.namespace === undefined || object.namespace === '' ? {} : { namespace: object.namespace };
  return { apiVersion: object.apiVersion, kind: object.kind, ...namespace, name: object.name };
}
