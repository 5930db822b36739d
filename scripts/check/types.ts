/** The contract between the engine and the rules (modelled on ESLint's rule API). */
import type { KubeObject, Manifest } from '../core/manifest.ts';

export interface RuleReport {
  /** JSON pointer inside `context.object`: the most specific field that exists. */
  at: string;
  messageId: string;
  data?: Record<string, string | number>;
}

export type Labels = Readonly<Record<string, string>>;

/** Workload identity, decided by the labels of a pod template (configurable). */
export interface WorkloadMatchers {
  isLlm(podLabels: Labels | undefined): boolean;
  isDatabase(podLabels: Labels | undefined): boolean;
}

export interface RuleContext<Options> {
  /** Deep-frozen. */
  object: KubeObject;
  manifest: Manifest;
  /** Every manifest of the same scope (render target's environment, or the plain input files). */
  objects: readonly Manifest[];
  environment: string | undefined;
  /** Defaults merged with configuration for this environment. */
  options: Options;
  workloads: WorkloadMatchers;
  report(report: RuleReport): void;
}

export interface RuleMeta<Options> {
  /** kebab-case, stable: CI consumers rely on it. */
  id: string;
  description: string;
  docs: { why: string; example: { valid: string; invalid: string } };
  /** Message templates with `{{placeholders}}`, keyed by camelCase message id. */
  messages: Record<string, string>;
  optionsSchema: object;
  defaultOptions: Options;
  /**
   * The rule looks at other objects of the scope (`context.objects`): a Service's pods, an HPA's
   * target. Such rules run where every object of the scope is; the others may run on a share of
   * the objects (one plain file's, here or in a worker thread), and reading `context.objects`
   * there is an error.
   */
  crossObject?: boolean;
  /**
   * What the rule runs on: Kubernetes objects (default) or kustomization files
   * (`Kustomization`/`Component` of `kustomize.config.k8s.io`), never both.
   */
  appliesTo?: 'objects' | 'kustomizations';
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta<Options>;
  check(context: RuleContext<Options>): void;
}

/**
 * A registry entry: each rule narrows its own Options, so the list erases them; the engine
 * validates configured options against each rule's schema before any rule runs.
 */
export type AnyRule = Rule<any>;
