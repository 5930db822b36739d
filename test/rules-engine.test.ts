import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ConfigError,
  defaultCheckConfig,
  loadCheckConfig,
  parseCheckConfig,
  ruleRegistry,
  runRules as runRulesToFindings,
  type CheckConfig,
  type Rule,
} from '../scripts/check/index.ts';
import type { Rule as TypedRule } from '../scripts/check/types.ts';
import { fill } from '../scripts/check/messages.ts';
import { deepFreeze, type KubeObject, type Manifest } from '../scripts/core/manifest.ts';
import { locateInPlace } from '../scripts/locate/index.ts';
import { loadFixture, manifestsFromText } from './helpers/rule-harness.ts';

/** The engine's findings, located as the locate stage locates those of plain files. */
function runRules(...args: Parameters<typeof runRulesToFindings>) {
  const { findings, exemptionsApplied } = runRulesToFindings(...args);
  return { diagnostics: locateInPlace(findings), exemptionsApplied };
}

/** A latest-tagged web Deployment: `image-pinned/latestTag` at line 11. */
const latestDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: app
spec:
  template:
    spec:
      containers:
        - name: web
          image: web:latest
`;

function run(text: string, config: CheckConfig, options = { inlineExemptions: true }, environment?: string) {
  return runRules([manifestsFromText('deploy.yaml', text, environment)], config, options);
}

function only(ruleId: string, configText = '') {
  const others = ruleRegistry.filter((rule) => rule.meta.id !== ruleId).map((rule) => `  ${rule.meta.id}: off`);
  return parseCheckConfig(`rules:\n${others.join('\n')}\n${configText}`, 'validate.config.yaml');
}

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory, removed after the tests. */
function temporaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-config-'));
  temporaryDirs.push(dir);
  return dir;
}

function configError(text: string): string {
  try {
    parseCheckConfig(text, 'validate.config.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('defaults every rule to error with its default options, render settings off', () => {
    const config = defaultCheckConfig();
    expect(config.rules.map((configured) => configured.rule.meta.id)).toEqual(ruleRegistry.map((rule) => rule.meta.id));
    expect(config.rules.every((configured) => configured.setting.severity === 'error')).toBe(true);
    expect(config.render).toEqual({
      kustomizeBuildOptions: [],
      allowRemoteBases: false,
      timeoutSeconds: 60,
      maxOutputBytes: 64 * 1024 * 1024,
      maxMemoryBytes: 2 * 1024 * 1024 * 1024,
    });
    expect(config.workloads.llm).toEqual({ 'app.kubernetes.io/component': 'llm' });
  });

  it('uses the defaults when the default file is absent, and rejects a named file that is absent', () => {
    const dir = temporaryDir();
    expect(loadCheckConfig(join(dir, 'validate.config.yaml')).config.rules).toHaveLength(ruleRegistry.length);
    expect(() => loadCheckConfig(join(dir, 'other.yaml'))).toThrow(/configuration file not found/);
  });

  it('loads a file and exposes the render section', () => {
    const dir = temporaryDir();
    const file = join(dir, 'validate.config.yaml');
    writeFileSync(file, 'render:\n  kustomizeBuildOptions: [--load-restrictor=LoadRestrictionsRootOnly]\n  allowRemoteBases: [github.com]\n  timeoutSeconds: 5\n');
    expect(loadCheckConfig(file).config.render).toMatchObject({
      kustomizeBuildOptions: ['--load-restrictor=LoadRestrictionsRootOnly'],
      allowRemoteBases: ['github.com'],
      timeoutSeconds: 5,
    });
  });

  it('names an unknown rule id, with its line and a suggestion', () => {
    expect(configError('rules:\n  image-pinned: warning\n  gpu-limit: error\n')).toBe(
      'validate.config.yaml:3:3: unknown rule id "gpu-limit" (did you mean "gpu-limits"?)',
    );
  });

  it('names bad options, validated against the rule schema', () => {
    const message = configError('rules:\n  startup-budget:\n    options:\n      minSeconds: soon\n');
    expect(message).toContain('validate.config.yaml:4:7');
    expect(message).toContain('minSeconds');
    expect(message).toContain('startup-budget');
    expect(configError('rules:\n  image-pinned:\n    options: {requireDigests: true}\n')).toContain('unknown property "requireDigests"');
  });

  it('names a bad severity, also in an environment override', () => {
    expect(configError('rules:\n  probes: fatal\n')).toMatch(/^validate.config.yaml:2:3: rules.probes: bad severity/);
    expect(configError('rules:\n  probes:\n    environments:\n      prod: {severity: fatal}\n')).toContain(
      'rules.probes.environments.prod.severity: bad severity',
    );
  });

  it('requires a reason on every exemption, and a known rule', () => {
    expect(configError('exemptions:\n  - rule: probes\n    name: web\n')).toContain('an exemption needs a reason');
    expect(configError('exemptions:\n  - rule: probes\n    reason: "  "\n')).toContain('an exemption needs a reason with visible text');
    // A zero-width space, a zero-width joiner and a no-break space look like nothing to a reviewer.
    expect(configError('exemptions:\n  - rule: probes\n    reason: "\u200b\u200d\u00a0"\n')).toContain(
      'an exemption needs a reason with visible text',
    );
    expect(() => parseCheckConfig('exemptions:\n  - rule: probes\n    reason: "\u200bok"\n', 'validate.config.yaml')).not.toThrow();
    expect(configError('exemptions:\n  - rule: probe\n    reason: legacy\n')).toContain('unknown rule id "probe"');
  });

  it('reports YAML syntax errors with their position', () => {
    expect(configError('rules:\n  probes: [off\n')).toMatch(/^validate.config.yaml:\d+:\d+: /);
  });

  it('resolves severity and options per environment', () => {
    const config = only('image-pinned', '  image-pinned:\n    environments:\n      prod:\n        options: {requireDigest: true}\n      dev: warning\n');
    const pinnedByTag = latestDeployment.replace('web:latest', 'web:1.4.2');
    expect(run(pinnedByTag, config).diagnostics).toEqual([]);
    expect(run(pinnedByTag, config, undefined, 'prod').diagnostics.map((d) => d.messageId)).toEqual(['digestRequired']);
    expect(run(latestDeployment, config, undefined, 'dev').diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });

  it('does not run a rule whose severity is off', () => {
    let calls = 0;
    const counting: Rule = { ...probe, check: () => void (calls += 1) };
    const config = parseCheckConfig('rules:\n  test-rule: off\n', 'test', [counting]);
    run(latestDeployment, config);
    expect(calls).toBe(0);
  });
});

/** A rule for engine tests: reports the image of every container of a Deployment. */
const probe: Rule = {
  meta: {
    id: 'test-rule',
    description: 'test',
    docs: { why: 'test' },
    messages: { image: 'Container {{ name }} runs {{image}}.' },
    kinds: [{ group: 'apps', kind: 'Deployment' }],
    optionsSchema: { type: 'object' },
    defaultOptions: {},
  },
  check(context) {
    const containers = (context.object.spec as { template?: { spec?: { containers?: { name: string; image: string }[] } } })
      ?.template?.spec?.containers ?? [];
    containers.forEach((container, index) =>
      context.report({ at: `/spec/template/spec/containers/${index}/image`, messageId: 'image', data: container }),
    );
  },
};

describe('diagnostics', () => {
  it('fills message templates and locates the pointer', () => {
    const config = parseCheckConfig('{}', 'test', [probe]);
    const [diagnostic] = run(latestDeployment, config).diagnostics;
    expect(diagnostic).toEqual({
      file: 'deploy.yaml',
      line: 11,
      column: 11,
      ruleId: 'test-rule',
      severity: 'error',
      message: 'Container web runs web:latest.',
      messageId: 'image',
      target: 'deploy.yaml',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'app', name: 'web' },
      pointer: '/spec/template/spec/containers/0/image',
    });
    expect(fill('{{a}} and {{ b }}', { a: 1, b: 'two' })).toBe('1 and two');
  });

  it('refuses a placeholder without data or an unknown message id, in the rule run that reports it', () => {
    const withTemplate = (image: string): Rule => ({ ...probe, meta: { ...probe.meta, messages: { image } } });
    const typo = parseCheckConfig('{}', 'test', [withTemplate('Container {{name}} runs {{imgae}}.')]);
    expect(() => run(latestDeployment, typo)).toThrow(
      expect.objectContaining({ message: 'rule test-rule failed on Deployment/web in deploy.yaml', cause: expect.objectContaining({ message: expect.stringContaining('no data for placeholder {{imgae}}') as unknown }) as unknown }),
    );
    const unknown: Rule = { ...probe, check: (context) => context.report({ at: '', messageId: 'images' }) };
    expect(() => run(latestDeployment, parseCheckConfig('{}', 'test', [unknown]))).toThrow(
      expect.objectContaining({ cause: expect.objectContaining({ message: 'rule test-rule reported unknown message id images' }) as unknown }),
    );
  });

  it('calls a rule only for the kinds it selects: by group, by exact apiVersion, or by kind alone', () => {
    const seen: string[] = [];
    const recorder = (kinds: Rule['meta']['kinds']): Rule => ({ ...probe, meta: { ...probe.meta, kinds }, check: (context) => void seen.push(`${context.object.apiVersion} ${context.object.kind}`) });
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n---\napiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\n';
    const calls = (kinds: Rule['meta']['kinds']) => {
      seen.length = 0;
      run(text, parseCheckConfig('{}', 'test', [recorder(kinds)]));
      return [...seen];
    };
    expect(calls([{ group: 'apps', kind: 'Deployment' }])).toEqual(['apps/v1 Deployment']);
    expect(calls([{ kind: 'Deployment' }])).toEqual(['apps/v1 Deployment', 'example.com/v1 Deployment']);
    expect(calls([{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'apps/v1beta2', kind: 'Deployment' }])).toEqual(['v1 Service']);
  });

  it('types message ids: a report with an id the rule does not declare does not compile', () => {
    const typed: TypedRule<Record<string, never>, 'known'> = {
      meta: { ...probe.meta, messages: { known: 'Known.' }, defaultOptions: {} },
      check(context) {
        context.report({ at: '', messageId: 'known' });
        // @ts-expect-error -- 'unknown' is not a message id of this rule
        context.report({ at: '', messageId: 'unknown' });
      },
    };
    expect(Object.keys(typed.meta.messages)).toEqual(['known']);
  });

  it('returns diagnostics in a stable order (file, line, column, rule)', () => {
    const text = `${latestDeployment}        - name: sidecar\n          image: proxy\n---\n${latestDeployment.replace('name: web\n  namespace', 'name: api\n  namespace')}`;
    const first = run(text, defaultCheckConfig()).diagnostics;
    const again = runRules([[...manifestsFromText('deploy.yaml', text)].reverse()], defaultCheckConfig(), { inlineExemptions: true }).diagnostics;
    expect(again).toEqual(first);
    const keys = first.map((d) => [d.line, d.column]);
    expect(keys).toEqual([...keys].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0)));
  });

  it('gives kustomization files only to kustomization rules', () => {
    const text = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nbases: [../base]\n';
    const ids = run(text, defaultCheckConfig()).diagnostics.map((d) => d.ruleId);
    expect(ids).toEqual(['kustomize-deprecated']);
  });
});

describe('exemptions', () => {
  const annotated = (annotation: string) =>
    latestDeployment.replace('  namespace: app\n', `  namespace: app\n  annotations:\n    ${annotation}\n`);

  it('applies an annotation with a reason and counts it', () => {
    const text = annotated('validate.llm-platform.dev/exempt.image-pinned: "upstream publishes only latest; mirrored nightly"');
    const result = run(text, only('image-pinned'));
    expect(result.diagnostics).toEqual([]);
    expect(result.exemptionsApplied).toBe(1);
  });

  it('does not count an exemption nothing needed', () => {
    const text = annotated('validate.llm-platform.dev/exempt.probes: "not needed"');
    expect(run(text, only('image-pinned')).exemptionsApplied).toBe(0);
  });

  it('reports an annotation without a reason as an exemption error, at the annotation', () => {
    const text = annotated('validate.llm-platform.dev/exempt.image-pinned: ""');
    const result = run(text, only('image-pinned'));
    expect(result.diagnostics.map((d) => [d.ruleId, d.messageId, d.severity, d.line])).toEqual([
      ['exemption', 'missingReason', 'error', 7],
      ['image-pinned', 'latestTag', 'error', 13],
    ]);
    expect(result.exemptionsApplied).toBe(0);
  });

  it('a reason of invisible characters only is no reason', () => {
    const text = annotated('validate.llm-platform.dev/exempt.image-pinned: "\\u200B\\u2060 "');
    const result = run(text, only('image-pinned'));
    expect(result.diagnostics.map((d) => [d.ruleId, d.messageId, d.line])).toEqual([
      ['exemption', 'missingReason', 7],
      ['image-pinned', 'latestTag', 13],
    ]);
  });

  it('reports an annotation naming no rule', () => {
    const text = annotated('validate.llm-platform.dev/exempt.image-pined: "typo"');
    expect(run(text, only('image-pinned')).diagnostics.map((d) => [d.ruleId, d.messageId])).toEqual([
      ['exemption', 'unknownRule'],
      ['image-pinned', 'latestTag'],
    ]);
  });

  it('ignores annotations with inlineExemptions: false', () => {
    const text = annotated('validate.llm-platform.dev/exempt.image-pinned: "reason"');
    const result = run(text, only('image-pinned'), { inlineExemptions: false });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['image-pinned']);
    expect(result.exemptionsApplied).toBe(0);
  });

  it('applies a config exemption matching kind, namespace, name and environment', () => {
    const exemption = (fields: string) =>
      only('image-pinned', `exemptions:\n  - rule: image-pinned\n${fields}    reason: vendor image, tracked in issue 12\n`);
    const matching = exemption('    kind: Deployment\n    namespace: app\n    name: web\n    environment: dev\n');
    expect(run(latestDeployment, matching, undefined, 'dev')).toEqual({ diagnostics: [], exemptionsApplied: 1 });
    expect(run(latestDeployment, matching, undefined, 'prod').diagnostics).toHaveLength(1);
    expect(run(latestDeployment, exemption('    name: api\n')).diagnostics).toHaveLength(1);
  });
});

describe('robustness', () => {
  /** Every path of a JSON value, parents first. */
  function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    if (value === null || typeof value !== 'object') return [prefix];
    const children = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
    return [prefix, ...children.flatMap((key) => paths((value as Record<string, unknown>)[key], [...prefix, key]))];
  }

  function replaced(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
    if (path.length === 0) return replacement;
    const [head, ...rest] = path as [string | number, ...(string | number)[]];
    const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<string | number, unknown>;
    copy[head] = replaced(copy[head], rest, replacement);
    return copy;
  }

  // Objects that fail schema validation still reach the rules: any field may hold any JSON value.
  it('never throws when any field of a fixture object holds the wrong kind of value', () => {
    const config = defaultCheckConfig();
    const fixturesDir = join(import.meta.dirname, 'fixtures', 'rules');
    // null, a number (has no string or array methods), an object where a list belongs and a list of garbage.
    const replacements: unknown[] = [null, 7, {}, [null]];
    const failures: string[] = [];
    let runs = 0;
    for (const rule of readdirSync(fixturesDir)) {
      for (const file of readdirSync(join(fixturesDir, rule))) {
        const scope = loadFixture(join(fixturesDir, rule, file)).manifests;
        scope.forEach((manifest, position) => {
          // The load stage guarantees string apiVersion and kind, and metadata with a string name.
          const guaranteed = (path: (string | number)[]) =>
            ['apiVersion', 'kind'].includes(String(path[0])) || (path[0] === 'metadata' && [undefined, 'name'].includes(path[1] as string));
          for (const path of paths(manifest.object).filter((p) => p.length > 0 && !guaranteed(p))) {
            for (const replacement of replacements) {
              const object = deepFreeze(replaced(manifest.object, path, replacement)) as KubeObject;
              const mutated: Manifest = { ...manifest, object, locate: () => ({ file, line: 1, column: 1 }) };
              const mutatedScope = scope.map((other, index) => (index === position ? mutated : other));
              try {
                runRules([mutatedScope], config, { inlineExemptions: true });
              } catch (error) {
                failures.push(`${rule}/${file} ${path.join('.')} = ${JSON.stringify(replacement)}: ${String(error)}`);
              }
              runs += 1;
            }
          }
        });
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(runs).toBeGreaterThan(5_000);
  });
});
