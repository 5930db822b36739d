import type { ClusterModel } from '../argocd/index.ts';
import { modelEnvironments } from './environment-model.ts';

/**
 * The Argo CD model of every cluster of the repository, rendered as `npm run validate` renders
 * (the real kustomize, sandboxed, through the render cache): for `npm run explain`.
 */
export async function modelRepository(options: { cwd: string; cache: boolean; log?: (line: string) => void }): Promise<ClusterModel[]> {
  const { views } = await modelEnvironments(options);
  return [...views.values()].map((view) => view.model);
}
