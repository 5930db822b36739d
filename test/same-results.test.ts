import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../scripts/bench/corpus.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const execFileAsync = promisify(execFile);

/** The command's JSON output; exit 1 (findings) is a normal outcome here. */
function validateJson(args: string[]): Promise<string> {
  return validate(['--format', 'json', ...args]);
}

/** `--parser precise` or `--parser js-yaml` here become VALIDATE_YAML_PARSER (not a product flag). */
async function validate(args: string[]): Promise<string> {
  const at = args.indexOf('--parser');
  const rest = at === -1 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
  const run = await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/validate.ts', ...rest], {
    cwd: repoRoot,
    env: at === -1 ? process.env : { ...process.env, VALIDATE_YAML_PARSER: args[at + 1] },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { code: number; stdout: string; stderr: string }) => {
    if (error.code !== 1) throw new Error(`exit ${error.code}: ${error.stderr}`);
    return error;
  });
  return run.stdout;
}

describe('every path gives the same results', () => {
  let corpus: string;
  beforeAll(async () => {
    corpus = await mkdtemp(path.join(tmpdir(), 'same-results-'));
    await writeCorpus(corpus, { resources: 3000, seed: 42, invalidRatio: 0.05 });
    // Findings of cross-object rules too (objects of several files that refer to one another).
    for (let index = 0; index < 8; index += 1) {
      await writeFile(path.join(corpus, `cross-object-${index}.yaml`), crossObjectFindings(index));
    }
  });
  afterAll(async () => {
    await rm(corpus, { recursive: true, force: true });
  });

  it('on a corpus with errors: line parser, js-yaml or the precise parser, caches or not', async () => {
    const runs = await Promise.all([
      validateJson([corpus]),
      validateJson([corpus, '--no-cache']),
      validateJson([corpus, '--parser', 'precise', '--no-cache']),
      validateJson([corpus, '--parser', 'js-yaml']),
    ]);
    const report = JSON.parse(runs[0]) as { summary: { errors: number }; diagnostics: Array<{ line: number; ruleId: string }> };
    expect(report.summary.errors).toBeGreaterThan(50);
    const ruleIds = new Set(report.diagnostics.map((diagnostic) => diagnostic.ruleId));
    expect([...ruleIds]).toEqual(expect.arrayContaining(['service-selector', 'hpa', 'schema', 'yaml', 'image-pinned']));
    expect(report.diagnostics.every((diagnostic) => diagnostic.line >= 1)).toBe(true);
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).toBe(runs[0]);
    expect(runs[3]).toBe(runs[0]);
  });

  it('on a corpus with errors, located: every resource at the same file and line, fast parser or not', async () => {
    const runs = await Promise.all([validate([corpus, '--format', 'junit']), validate([corpus, '--format', 'junit', '--parser', 'precise'])]);
    expect([...runs[0].matchAll(/<testcase /g)].length).toBeGreaterThan(3000);
    expect(runs[1]).toBe(runs[0]);
  });

  it('on the repo: cached or not, fast parser or not', async () => {
    const cached = await validateJson([]);
    const uncached = await validateJson(['--no-cache', '--parser', 'precise']);
    const again = await validateJson([]);
    expect(uncached).toBe(cached);
    expect(again).toBe(cached);
    expect((JSON.parse(cached) as { summary: { targets: number } }).summary.targets).toBeGreaterThan(10);
  });

  it('on the repo, located: every resource at the same file and line, cached or not, fast parser or not', async () => {
    // The clean repo has no findings to compare; JUnit lists every resource where it is declared.
    const cached = await validate(['--format', 'junit']);
    const uncached = await validate(['--format', 'junit', '--no-cache', '--parser', 'precise']);
    expect(uncached).toBe(cached);
    const located = [...cached.matchAll(/<system-out>(\S+?):(\d+):\d+: declared here/g)];
    expect(located.length).toBeGreaterThan(100);
    expect(located.every(([, file]) => !file!.startsWith('.cache'))).toBe(true);
  });
});

/** A Service that selects no pod and an autoscaler whose target does not exist. */
function crossObjectFindings(index: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: orphan-${index}
  namespace: cross-object
spec:
  selector:
    app.kubernetes.io/name: nothing-${index}
  ports:
    - name: http
      port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: present-${index}
  namespace: cross-object
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: present-${index}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: present-${index}
    spec:
      containers:
        - name: app
          image: registry.example.com/present:1.0.${index}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: lost-${index}
  namespace: cross-object
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: missing-${index}
  minReplicas: 2
  maxReplicas: 4
`;
}
