import { join } from 'node:path';
import type { Credentials } from './credentials.ts';

/**
 * etcd for one throwaway control plane: one member, client and peer on 127.0.0.1 only, plain
 * HTTP (nothing but this machine can reach it), no fsync (its data is deleted on stop).
 */
export function etcdArguments(dataDir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=control-plane',
    `--data-dir=${join(dataDir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=control-plane=${peer}`,
    '--initial-cluster-state=new',
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

/**
 * kube-apiserver as a cluster runs it, minus what needs other components. Each choice that
 * differs from its defaults says why; everything else (admission plugins, served APIs, feature
 * gates) is left at the release's defaults, since that is what a cluster of this version refuses.
 */
export function kubeApiserverArguments(dataDir: string, port: number, etcdClientPort: number, credentials: Credentials): string[] {
  return [
    '--bind-address=127.0.0.1',
    // Otherwise it advertises the machine's first network address in the kubernetes Service.
    '--advertise-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${join(dataDir, 'apiserver-certs')}`,
    `--tls-cert-file=${credentials.servingCertificate}`,
    `--tls-private-key-file=${credentials.servingKey}`,
    `--etcd-servers=http://127.0.0.1:${etcdClientPort}`,
    '--authorization-mode=RBAC',
    `--token-auth-file=${credentials.tokenFile}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${credentials.serviceAccountPublicKey}`,
    `--service-account-signing-key-file=${credentials.serviceAccountPrivateKey}`,
    '--service-cluster-ip-range=10.96.0.0/12',
    // Clusters made by kubeadm, kind and the managed offerings allow privileged containers; the
    // default (false) would refuse them for a reason that is the cluster's policy, not the object's.
    '--allow-privileged=true',
    // No kube-controller-manager creates each namespace's "default" ServiceAccount here, so this
    // plugin would refuse every Pod for want of an object, not for anything in the Pod.
    '--disable-admission-plugins=ServiceAccount',
    // A loopback address cannot be written into the kubernetes Endpoints; nothing here needs them.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
  ];
}
