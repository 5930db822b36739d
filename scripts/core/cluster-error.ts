/** A usage error of the live mode (exit 2): one line naming the context and what failed, never a secret. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}
