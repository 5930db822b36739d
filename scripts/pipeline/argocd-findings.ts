import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { ClusterView } from '../argocd/index.ts';
import { objectFinding, placedFinding, type Finding } from '../core/finding.ts';
import type { Manifest } from '../core/manifest.ts';
import type { SourceFiles } from '../render/index.ts';
import type { LoadedTarget } from './argocd-models.ts';

/**
 * What the model itself has to say: a target under `overlays/` that no Application of any
 * cluster deploys (validated all the same, with its directory's other targets), and what of an
 * Application the model does not follow. Warnings: nothing here stops a sync, but a reader must
 * know what the prediction does not cover.
 */
export function argocdModelFindings(
  own: readonly LoadedTarget[],
  views: ReadonlyMap<string, ClusterView>,
  deployed: ReadonlySet<string>,
  context: { cwd: string; files: SourceFiles },
): Finding[] {
  const findings: Finding[] = [];
  for (const target of own) {
    const name = target.target.target;
    if (name.split(/[\\/]/)[0] !== 'overlays' || deployed.has(path.resolve(context.cwd, name))) continue;
    findings.push(
      placedFinding('argocd-model', {
        severity: 'warning',
        message: `no Application of any cluster deploys ${name}: it is validated, but Argo CD will never sync it`,
        target: name,
        at: { file: context.files.display(target.target.kustomizationFile), line: 1, column: 1 },
      }),
    );
  }
  const manifestOf = new Map<object, Manifest>();
  for (const target of own) for (const manifest of target.manifests) manifestOf.set(manifest.object, manifest);
  for (const view of views.values()) {
    for (const application of [...view.model.root, ...view.model.applications]) {
      const manifest = manifestOf.get(application.object);
      if (manifest === undefined) continue;
      for (const note of application.notes) {
        findings.push(objectFinding(manifest, { ruleId: 'argocd-model', severity: 'warning', message: `not predicted: ${note}`, pointer: '/spec' }));
      }
    }
  }
  return findings;
}

/**
 * Whether a revision names a commit, branch or tag of the repository at `cwd` (local branches,
 * remote-tracking branches of `origin`, tags), by `git rev-parse`; undefined outside a Git work
 * tree. The revision is text from the pull request: it is passed after `--end-of-options`.
 */
export function gitRevisionResolver(cwd: string): (revision: string) => boolean | undefined {
  const known = new Map<string, boolean | undefined>();
  const resolves = (name: string): boolean => {
    try {
      execFileSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`], { cwd, stdio: 'ignore', timeout: 10_000 });
      return true;
    } catch {
      return false;
    }
  };
  let inWorkTree: boolean | undefined;
  return (revision) => {
    inWorkTree ??= resolves('HEAD');
    if (!inWorkTree) return undefined;
    if (!known.has(revision)) known.set(revision, [revision, `refs/remotes/origin/${revision}`, `refs/tags/${revision}`].some(resolves));
    return known.get(revision);
  };
}

/**
 * Each finding names the Argo CD Applications it concerns, as `cluster/application`: those that
 * deploy its object (or are it), else those whose source renders its target (a finding on a
 * kustomization file, a failed render).
 */
export function withApplications(findings: readonly Finding[], views: ReadonlyMap<string, ClusterView>, cwd: string): Finding[] {
  const byTarget = new Map<string, Set<string>>();
  for (const view of views.values()) {
    for (const application of [...view.model.root, ...view.model.applications]) {
      for (const source of application.sources) {
        if (typeof source['path'] !== 'string') continue;
        const directory = path.resolve(cwd, source['path']);
        const names = byTarget.get(directory) ?? new Set<string>();
        names.add(`${view.environment}/${application.name}`);
        byTarget.set(directory, names);
      }
    }
  }
  return findings.map((finding) => {
    const names = new Set<string>();
    const subject = finding.subject;
    const view = subject?.environment === undefined ? undefined : views.get(subject.environment);
    if (subject !== undefined && view !== undefined) {
      for (const deployment of view.deploymentsOf(subject.object)) names.add(`${view.environment}/${deployment.application.name}`);
      const itself = view.applicationOf(subject.object);
      if (itself !== undefined) names.add(`${view.environment}/${itself.name}`);
    }
    if (names.size === 0) for (const name of byTarget.get(path.resolve(cwd, finding.target)) ?? []) names.add(name);
    return names.size === 0 ? finding : { ...finding, applications: [...names].sort() };
  });
}
