import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ApiTarget } from '../control-plane/api-request.ts';

interface Kubeconfig {
  'current-context'?: string;
  contexts?: Array<{ name?: string; context?: { cluster?: string; user?: string } }>;
  clusters?: Array<{ name?: string; cluster?: { server?: string; 'certificate-authority-data'?: string } }>;
  users?: Array<{ name?: string; user?: { token?: string } }>;
}

/** Server, CA and token of the kubeconfig's current context (the control plane's admin). */
export function apiTargetFromKubeconfig(file: string): ApiTarget {
  const config = parse(readFileSync(file, 'utf8')) as Kubeconfig;
  const context = config.contexts?.find((entry) => entry.name === config['current-context'])?.context;
  const cluster = config.clusters?.find((entry) => entry.name === context?.cluster)?.cluster;
  const token = config.users?.find((entry) => entry.name === context?.user)?.user?.token;
  if (cluster?.server === undefined || cluster['certificate-authority-data'] === undefined || token === undefined) {
    throw new Error(`${file}: no server, CA and token for the current context`);
  }
  return { server: cluster.server, ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'), token };
}
