import type { PlanEntry } from '../argocd/index.ts';
import type { ClusterOptions } from '../cluster/index.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { ParserKind } from '../load/index.ts';
import type { Summary, ValidatedResource } from '../report/index.ts';

/** What one run validates, and how. */
export interface ValidationOptions {
  /** Targets or files; none means the whole repo. */
  paths: readonly string[];
  /** The repo root and the base for every displayed path. */
  cwd: string;
  /** Kubernetes version for plain files (targets use their cluster's). Default: newest bundled. */
  kubernetesVersion?: string;
  ignoreMissingSchemas: boolean;
  configFile?: string;
  inlineExemptions: boolean;
  /** Render, validator, verdict and kustomize-version caches in the cache directory (outside the work tree). */
  cache: boolean;
  /** The YAML parser of the happy path; tests compare the two. Default: fast. */
  parser?: ParserKind;
  /** Locate every object, not only those with findings (JUnit lists each one): render every target with origins. */
  locateEveryResource?: boolean;
  /** A Git revision to compare with (`--base`): the plan and the base-aware rules. */
  base?: string;
  /** Progress lines for --verbose. */
  log?: (line: string) => void;
  /** A live cluster (`--cluster`): its context, and whether to dry-run apply the environment there. */
  cluster?: ClusterOptions;
}

/** What one run found, as data for the report stage. */
export interface ValidationResult {
  diagnostics: Diagnostic[];
  summary: Summary;
  /** Every validated object and where it is declared (with `locateEveryResource`). */
  resources: ValidatedResource[];
  /** What each cluster's Argo CD does when the change lands (with `base`), and the clusters modelled. */
  plan?: { entries: PlanEntry[]; clusters: string[] };
}
