/** The benchmark could not measure what it should (exit code 2), as opposed to a missed target. */
export class BenchFailure extends Error {}

/** The last lines of a child's stderr, enough to see why it failed. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
