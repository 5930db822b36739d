import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseCheckConfig } from '../scripts/check/config.ts';
import { checkBuildOptions } from '../scripts/render/build-options.ts';
import { findKustomize } from '../scripts/render/kustomize-binary.ts';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..');

/** Each case: configured entries, and a word the refusal names. */
const refused: Array<[string[], string]> = [
  [['--enable_helm'], '--enable_helm'],
  [['--enable-helm'], '--enable-helm'],
  [['--enable-helm=false'], '--enable-helm=false'],
  [['--helm_command=/path/evil.sh'], '--helm_command=/path/evil.sh'],
  [['--helm-command', '/path/evil.sh'], '--helm-command'],
  [['--enable-alpha-plugins'], '--enable-alpha-plugins'],
  [['--enable_alpha_plugins'], '--enable_alpha_plugins'],
  [['--network'], '--network'],
  [['--network-name=host'], '--network-name=host'],
  [['--enable-exec'], '--enable-exec'],
  [['--enable-star'], '--enable-star'],
  [['--mount=type=bind,src=/,dst=/host'], '--mount'],
  [['-e', 'SECRET'], '-e'],
  [['--env=SECRET'], '--env=SECRET'],
  [['--as-current-user'], '--as-current-user'],
  [['-o', '/path'], '-o'],
  [['-o/path'], '-o/path'],
  [['-o=/path'], '-o=/path'],
  [['--output=/path'], '--output=/path'],
  [['--output', '/path'], '--output'],
  [['--profile-output=/tmp/x'], '--profile-output'],
  [['--profile=cpu'], '--profile=cpu'],
  [['--kubeconfig=/etc/shadow'], '--kubeconfig'],
  [['--log_file=/tmp/x'], '--log_file'],
  [['--load-restrictor=LoadRestrictionsNone'], 'LoadRestrictionsNone'],
  [['--load_restrictor', 'LoadRestrictionsNone'], 'LoadRestrictionsNone'],
  [['--load_restrictor LoadRestrictionsNone'], 'LoadRestrictionsNone'],
  [['--load-restrictor=loadrestrictionsrootonly'], 'loadrestrictionsrootonly'],
  [['--load-restrictor'], 'needs a value'],
  [['--load-restrictor=LoadRestrictionsRootOnly', '--load-restrictor=LoadRestrictionsNone'], 'more than once'],
  [['--load-restrictor=LoadRestrictionsRootOnly', '--load_restrictor=LoadRestrictionsRootOnly'], 'more than once'],
  [['--reorder=none', '--reorder=legacy'], 'more than once'],
  [['--reorder=random'], 'random'],
  [['--enable-managedby-label=yes'], 'true or false'],
  // A boolean flag takes no separate value: kustomize reads `false` as a second path.
  [['--enable-managedby-label', 'false'], 'second path'],
  [['-enable-helm'], 'long --name'],
  [['---reorder=none'], 'long --name'],
  [['--=x'], 'long --name'],
  [['--'], 'long --name'],
  [['--', 'extra'], 'long --name'],
  [['/some/other/dir'], 'second path'],
  [['--Reorder=none'], '--Reorder'],
];

describe('kustomize build options by allow-list', () => {
  it.each(refused)('refuses %j', (entries, named) => {
    const { problems } = checkBuildOptions(entries);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((problem) => problem.message).join('\n')).toContain(named);
  });

  it('accepts the harmless options in every spelling kustomize accepts, and passes them on in one spelling', () => {
    const check = checkBuildOptions([
      '--load_restrictor',
      'LoadRestrictionsRootOnly',
      '--enable_managedby_label=False',
      '--reorder none',
    ]);
    expect(check.problems).toEqual([]);
    expect(check.arguments).toEqual(['--load-restrictor=LoadRestrictionsRootOnly', '--enable-managedby-label=False', '--reorder=none']);
    expect(checkBuildOptions(['--enable-managedby-label']).arguments).toEqual(['--enable-managedby-label=true']);
    expect(checkBuildOptions(['--load-restrictor=LoadRestrictionsRootOnly']).arguments).toEqual(['--load-restrictor=LoadRestrictionsRootOnly']);
    expect(checkBuildOptions([]).arguments).toEqual([]);
  });

  it('kustomize itself accepts what is passed on', async () => {
    const kustomize = await findKustomize();
    const { arguments: accepted } = checkBuildOptions(['--load-restrictor LoadRestrictionsRootOnly', '--enable_managedby_label', '--reorder=legacy']);
    const { stdout } = await execFileAsync(kustomize.command, [...kustomize.args, path.join(repoRoot, 'overlays', 'dev', 'db'), ...accepted]);
    expect(stdout).toContain('app.kubernetes.io/managed-by');
  });

  it('is a configuration error at the line of the option, naming it', () => {
    const text = 'render:\n  kustomizeBuildOptions:\n    - --reorder=none\n    - --enable_helm\n    - --helm_command=/path/evil.sh\n';
    let error: unknown;
    try {
      parseCheckConfig(text, 'validate.config.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^validate\.config\.yaml:4:7: render\.kustomizeBuildOptions: build option "--enable_helm" is not allowed/);
    expect(problems[1]).toMatch(/^validate\.config\.yaml:5:7: .*"--helm_command=\/path\/evil\.sh"/);
  });

  it('reads allowRemoteBases as false or a list of hosts, and the limits with their defaults', () => {
    expect(parseCheckConfig('render:\n  allowRemoteBases: [github.com]\n', 'c.yaml').render).toEqual({
      kustomizeBuildOptions: [],
      allowRemoteBases: ['github.com'],
      timeoutSeconds: 60,
      maxOutputBytes: 64 * 1024 * 1024,
      maxMemoryBytes: 2 * 1024 * 1024 * 1024,
    });
    expect(parseCheckConfig('render:\n  timeoutSeconds: 5\n  maxOutputBytes: 4096\n', 'c.yaml').render).toMatchObject({ timeoutSeconds: 5, maxOutputBytes: 4096 });
    for (const bad of ['allowRemoteBases: true', 'allowRemoteBases: []', 'timeoutSeconds: 0', 'maxOutputBytes: 1.5', 'maxMemoryBytes: 1000']) {
      expect(() => parseCheckConfig(`render:\n  ${bad}\n`, 'c.yaml'), bad).toThrow(ConfigError);
    }
  });
});
