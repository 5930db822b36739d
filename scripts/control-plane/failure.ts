/**
 * A failure the control-plane command explains to a person: its message is the whole story
 * (no stack trace), and its exit code says whether the machine lacks something (2) or the
 * control plane itself failed (1).
 */
export class ControlPlaneFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'ControlPlaneFailure';
  }
}
