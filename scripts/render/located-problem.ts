/** A problem found in a file before kustomize runs, at the place a person edits. */
export interface LocatedProblem {
  /** Absolute path of the file. */
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  message: string;
}
