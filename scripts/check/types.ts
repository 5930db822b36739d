/** The contract between the engine and the rules (modelled on ESLint's rule API). */
import type { KubeObject, Manifest } from '../core/manifest.ts';
import type { ScopeIndex } from './scope.ts';

export interface RuleReport<MessageId extends string = string> {
  /** JSON pointer inside `context.object`: the most specific field that exists. */
  at: string;
  /** A key of `meta.messages`: a wrong id does not compile. */
  messageId: MessageId;
  /** A value for every `{{placeholder}}` of the message; the engine throws on one left without. */
  data?: Readonly<Record<string, string | number>>;
}

export type Labels = Readonly<Record<string, string>>;

/** Workload identity, decided by the labels of a pod template (configurable). */
export interface WorkloadMatchers {
  isLlm(podLabels: Labels | undefined): boolean;
  isDatabase(podLabels: Labels | undefined): boolean;
}

export interface RuleContext<Options, MessageId extends string = string> {
  /** Deep-frozen; of one of the kinds in `meta.kinds`. */
  object: KubeObject;
  manifest: Manifest;
  /**
   * The other objects of the scope (render target's environment, or the plain input files),
   * looked up by kind, name, namespace and pod labels (rules that read it say `crossObject: true`).
   */
  index: ScopeIndex;
  environment: string | undefined;
  /** Defaults merged with configuration for this environment. */
  options: Options;
  workloads: WorkloadMatchers;
  report(report: RuleReport<MessageId>): void;
}

/**
 * Which objects a rule runs on: a kind, of one API group (any version), of one exact
 * `apiVersion`, or of any group when neither is given. `kind: '*'` selects every object but
 * kustomization files.
 */
export type KindSelector =
  | { kind: string; group: string; apiVersion?: never }
  | { kind: string; apiVersion: string; group?: never }
  | { kind: string; group?: never; apiVersion?: never };

export interface RuleMeta<Options, MessageId extends string = string> {
  /** kebab-case, stable: CI consumers rely on it. */
  id: string;
  description: string;
  /** The examples the docs show are the rule's `valid.example.yaml` and `invalid.example.yaml` fixtures. */
  docs: { why: string };
  /** Message templates with `{{placeholders}}`, keyed by camelCase message id. */
  messages: Record<MessageId, string>;
  /**
   * The engine calls `check` only for objects these select. Kustomization files
   * (`Kustomization`/`Component` of `kustomize.config.k8s.io`) reach only rules that name them.
   */
  kinds: readonly KindSelector[];
  optionsSchema: object;
  defaultOptions: Options;
  /**
   * The rule looks at other objects of the scope (`context.index`): a Service's pods, an HPA's
   * target. The docs list such rules as cross-object: their findings depend on the whole scope.
   */
  crossObject?: boolean;
}

export interface Rule<Options = Record<string, unknown>, MessageId extends string = string> {
  meta: RuleMeta<Options, MessageId>;
  check(context: RuleContext<Options, MessageId>): void;
}

/**
 * A registry entry: each rule narrows its own Options and message ids, so the list erases them;
 * the engine validates configured options against each rule's schema before any rule runs, and
 * every report's message id and data when it is made.
 */
export type AnyRule = Rule<unknown, string>;
