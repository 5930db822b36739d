import { stringify } from 'yaml';
import { identities, type IdentityName } from './credentials.ts';

/** The context of each identity; the admin one is current. */
export function contextName(identity: IdentityName): string {
  return `control-plane-${identity}`;
}

/**
 * A self-contained kubeconfig (the CA is embedded) with one context per identity of the token file.
 */
export function renderKubeconfig(server: string, caPem: string, tokens: Readonly<Record<IdentityName, string>>): string {
  const names = Object.keys(identities) as IdentityName[];
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'control-plane', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: names.map((name) => ({ name: identities[name].user, user: { token: tokens[name] } })),
    contexts: names.map((name) => ({
      name: contextName(name),
      context: { cluster: 'control-plane', user: identities[name].user, namespace: 'default' },
    })),
    'current-context': contextName('admin'),
  };
  return stringify(config);
}
