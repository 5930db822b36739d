import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlPlaneFailure } from './failure.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Go module that builds kube-apiserver and etcd; its go.mod is the one place the versions are pinned. */
export const goModuleDir = join(repoRoot, 'test', 'control-plane');

/** Everything the control plane keeps between commands: built binaries per version, and the state file. */
export const cacheDir = join(repoRoot, '.cache', 'control-plane');

export interface Pins {
  /** e.g. v1.36.3: the k8s.io/kubernetes module, which is kube-apiserver's version. */
  readonly kubernetes: string;
  /** e.g. v3.6.8: go.etcd.io/etcd/server/v3. */
  readonly etcd: string;
  /** The `go` line of go.mod: the oldest Go that builds the module. */
  readonly go: string;
}

/** Reads the pinned versions from test/control-plane/go.mod, so they are written down only there. */
export function readPins(): Pins {
  const goModPath = join(goModuleDir, 'go.mod');
  const goMod = readFileSync(goModPath, 'utf8');
  const find = (pattern: RegExp, what: string): string => {
    const match = pattern.exec(goMod);
    if (!match?.[1]) {
      throw new ControlPlaneFailure(`${goModPath}: no ${what} found`, 2);
    }
    return match[1];
  };
  return {
    kubernetes: find(/^\s*(?:require\s+)?k8s\.io\/kubernetes\s+(v\S+)/m, 'k8s.io/kubernetes requirement'),
    etcd: find(/^\s*(?:require\s+)?go\.etcd\.io\/etcd\/server\/v3\s+(v\S+)/m, 'go.etcd.io/etcd/server/v3 requirement'),
    go: find(/^go\s+(\S+)/m, 'go line'),
  };
}

/** Where the binaries of one pinned Kubernetes version live. */
export function binaryDir(pins: Pins): string {
  return join(cacheDir, pins.kubernetes);
}

export function binaryPaths(pins: Pins): { readonly kubeApiserver: string; readonly etcd: string } {
  const dir = binaryDir(pins);
  return { kubeApiserver: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd') };
}
