/** `$(VAR)`, `${VAR}` and `$VAR` reference another variable (a Secret-backed one, typically). */
export function isVariableReference(value: string): boolean {
  return /^\$(\([A-Za-z_][A-Za-z0-9_]*\)|\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(value);
}
