import { resolve } from 'node:path';
import { controlPlaneStatus } from '../control-plane/lifecycle.ts';
import { contextName } from '../control-plane/kubeconfig.ts';
import { ApiResources } from '../fidelity/api-resources.ts';
import { apiTargetFromKubeconfig } from '../fidelity/api-target.ts';
import { installCrds, readCrdFile, sharedCrdFiles } from '../fidelity/crds.ts';
import { ensureNamespace } from '../fidelity/dry-run.ts';

/** The environment whose live dry-run is timed: the one the integration tests dry-run too. */
export const liveEnvironment = 'dev';

/**
 * The arguments of `validate --cluster --server-dry-run` against the local control plane
 * (`npm run control-plane -- start`), after installing there what a cluster that runs Argo CD
 * and External Secrets has: their CRDs and the `argocd` namespace; or why the figure cannot be measured. The bench
 * never starts the control plane itself: building it the first time takes tens of minutes.
 */
export async function prepareLiveDryRun(repoRoot: string): Promise<{ args: string[] } | { skipped: string }> {
  const status = await controlPlaneStatus();
  if (status.kind !== 'running') {
    return { skipped: `live dry-run not measured: the control plane is ${status.kind === 'broken' ? `broken (${status.reason})` : 'not running'}; \`npm run control-plane -- start\` first` };
  }
  const admin = apiTargetFromKubeconfig(status.state.kubeconfig);
  const resources = new ApiResources(admin);
  await resources.refresh();
  await installCrds(admin, resources, sharedCrdFiles(resolve(repoRoot, '..', 'shared')).flatMap(readCrdFile));
  await ensureNamespace(admin, 'argocd');
  return {
    args: ['--cluster', contextName('admin'), '--kubeconfig', status.state.kubeconfig, '--environment', liveEnvironment, '--server-dry-run'],
  };
}
