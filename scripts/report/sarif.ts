import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../core/diagnostic.ts';
import { pipelineRuleIds, type PipelineRuleId } from '../core/finding.ts';
import { objectLabel } from './context.ts';
import type { ReportInput, RuleDescription } from './types.ts';

/** The rule documentation in the hosted repository (the repoURL the Argo CD apps use). */
export const rulesDocUrl = 'https://github.com/acme-ai/llm-platform-gitops/blob/main/docs/rules.md';

/** An absolute URI, as SARIF's helpUri must be: the rule's section of docs/rules.md. */
export function ruleHelpUri(ruleId: string): string {
  return `${rulesDocUrl}#${encodeURIComponent(ruleId)}`;
}

/**
 * Findings that come from the pipeline itself rather than from a registered rule: one description
 * per id of core/finding.ts (a new pipeline rule id that is not described here fails typecheck).
 */
const pipelineRuleDescriptions: Record<PipelineRuleId, string> = {
  yaml: 'The file is not a well-formed Kubernetes manifest stream (syntax, duplicate keys, aliases, missing apiVersion, kind or name).',
  render: 'kustomize could not build the target.',
  schema: 'The object does not match the Kubernetes or CRD schema of the cluster version.',
  'cluster-profile': 'The cluster profile does not match its schema.',
  config: 'The toolkit configuration is invalid.',
  exemption: 'An exemption is malformed, lacks a reason or is not allowed.',
  'argocd-model': 'What the Argo CD model cannot predict: a target no Application of any cluster deploys, or a part of an Application the model does not follow.',
  'server-dry-run': "The cluster's API server refuses the object in a server-side apply dry-run, as Argo CD would apply it (--cluster --server-dry-run), or could not be asked about it.",
};
const pipelineRules: readonly RuleDescription[] = pipelineRuleIds.map((id) => ({ id, description: pipelineRuleDescriptions[id] }));

/**
 * SARIF 2.1.0 for code scanning: each result carries the rule, the real region in the file a
 * person edits, and logical locations naming the object and the field inside it.
 */
export function formatSarif(input: ReportInput): string {
  const rules = ruleDescriptors(input);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'gitops-validate',
            version: input.toolVersion,
            rules: rules.map(ruleDescriptor),
          },
        },
        // Columns count UTF-16 code units, as JavaScript strings (and the yaml parser) do.
        columnKind: 'utf16CodeUnits',
        results: input.diagnostics.map((diagnostic) => sarifResult(diagnostic, ruleIndex.get(diagnostic.ruleId) ?? -1)),
        properties: { summary: { ...input.summary } },
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Registered rules, then the pipeline's pseudo-rules, then any id seen only in the findings. */
function ruleDescriptors(input: ReportInput): RuleDescription[] {
  const rules = new Map<string, RuleDescription>();
  for (const rule of [...input.rules, ...pipelineRules]) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  for (const { ruleId } of input.diagnostics) if (!rules.has(ruleId)) rules.set(ruleId, { id: ruleId, description: ruleId });
  return [...rules.values()];
}

function ruleDescriptor(rule: RuleDescription) {
  const helpUri = rule.helpUri !== undefined && isAbsoluteUri(rule.helpUri) ? rule.helpUri : undefined;
  const see = helpUri ?? rulesDocUrl;
  const why = rule.help === undefined || rule.help === '' ? [] : [rule.help];
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    help: {
      text: [rule.description, ...why, `See ${see}`].join('\n\n'),
      markdown: [rule.description, ...why.map((text) => `**Why.** ${text}`), `[Documentation](${see})`].join('\n\n'),
    },
    ...(helpUri === undefined ? {} : { helpUri }),
  };
}

/** RFC 3986 section 3: a URI (as SARIF's helpUri must be) begins with a scheme and a colon. */
function isAbsoluteUri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(value);
}

function sarifResult(diagnostic: Diagnostic, ruleIndex: number) {
  const location: Record<string, unknown> = {};
  if (diagnostic.file !== '') {
    location.physicalLocation = {
      artifactLocation: { uri: artifactUri(diagnostic.file) },
      // A region only when the position is known: never a made-up line 1.
      ...(diagnostic.line >= 1
        ? { region: { startLine: diagnostic.line, ...(diagnostic.column >= 1 ? { startColumn: diagnostic.column } : {}) } }
        : {}),
    };
  }
  const logicalLocations = logicalLocationsOf(diagnostic);
  if (logicalLocations.length > 0) location.logicalLocations = logicalLocations;
  return {
    ruleId: diagnostic.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: diagnostic.severity,
    message: { text: diagnostic.message },
    locations: Object.keys(location).length > 0 ? [location] : [],
    partialFingerprints: { 'gitopsFinding/v1': fingerprint(diagnostic) },
    properties: {
      target: diagnostic.target,
      ...(diagnostic.environments === undefined ? {} : { environments: [...diagnostic.environments] }),
      ...(diagnostic.applications === undefined ? {} : { applications: [...diagnostic.applications] }),
    },
  };
}

/**
 * Stable across runs and across edits that move the finding, and different for different
 * findings: the rule, the target, the object's identity, the field, the rule's message id and
 * the message, never the line. A finding with no object falls back to its file. (Rule, object
 * and field alone are not enough: one container can lack both its CPU and its memory request.)
 * A finding several environments give alike is reported once under the first of their targets;
 * its fingerprint leaves the target out, so fixing it in one environment keeps the alert of the
 * others.
 */
function fingerprint(diagnostic: Diagnostic): string {
  const { object } = diagnostic;
  const identity = object ? [object.apiVersion, object.kind, object.namespace ?? '', object.name] : [diagnostic.file];
  const target = diagnostic.environments === undefined ? diagnostic.target : '';
  return createHash('sha256')
    .update(JSON.stringify([diagnostic.ruleId, target, ...identity, diagnostic.pointer, diagnostic.messageId ?? '', diagnostic.message]))
    .digest('hex');
}

/** The object, then the field inside it (its JSON pointer). */
function logicalLocationsOf(diagnostic: Diagnostic) {
  const { object, pointer } = diagnostic;
  if (!object) return pointer === '' ? [] : [{ kind: 'property', name: pointer, fullyQualifiedName: pointer }];
  const objectName = `${object.apiVersion}/${object.kind}/${object.namespace ? object.namespace + '/' : ''}${object.name}`;
  const locations = [{ kind: 'object', name: objectLabel(object), fullyQualifiedName: objectName }];
  if (pointer !== '') locations.push({ kind: 'property', name: pointer, fullyQualifiedName: `${objectName}#${pointer}` });
  return locations;
}

/** A relative URI reference with forward slashes (code scanning resolves it against the checkout). */
export function artifactUri(file: string): string {
  if (isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) return pathToFileURL(file).href;
  return file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}
