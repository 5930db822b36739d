/**
 * Quick throughput measurement of the load stage (not a test): `npx tsx scripts/bench/load-throughput.ts`.
 * Loads small Deployments (about 40 lines each) through SourceFile and loadManifests (which
 * deep-freezes) on one core, one file each and as one multi-document stream, with the fast and
 * the precise parser, next to the libraries alone. The Deployments come in two shapes: block
 * style only, as kustomize and kubectl write it (the fast path's line parser takes it), and with
 * a few flow collections, as people write it (the line parser declines, js-yaml takes it). Each
 * figure comes from its own process, so that the JIT's view of one parser is not shaped by the
 * other variants.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { loadManifests } from '../load/load-manifests.ts';
import { SourceFile } from '../load/source-file.ts';

const COUNT = 20_000;

type Shape = 'block' | 'flow';

/** A Deployment; `flow` writes `args` and `httpGet` as flow collections. */
function deployment(index: number, shape: Shape): string {
  const args = shape === 'flow' ? `args: ["--port", "8080"]` : `args:\n            - --port\n            - "8080"`;
  const httpGet = shape === 'flow' ? `httpGet: {path: /healthz, port: http}` : `httpGet:\n              path: /healthz\n              port: http`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${index}
  namespace: team-${index % 7}
  labels:
    app.kubernetes.io/name: app-${index}
    app.kubernetes.io/part-of: platform
spec:
  replicas: ${1 + (index % 5)}
  selector:
    matchLabels:
      app.kubernetes.io/name: app-${index}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-${index}
    spec:
      containers:
        - name: app
          image: "registry.example.com/app-${index}:1.${index % 10}.0"
          ${args}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: ENABLED
              value: "true"
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: "1"
              memory: 256Mi
          readinessProbe:
            ${httpGet}
            periodSeconds: 10
`;
}

const texts: Record<Shape, string[]> = {
  block: Array.from({ length: COUNT }, (_, index) => deployment(index, 'block')),
  flow: Array.from({ length: COUNT }, (_, index) => deployment(index, 'flow')),
};

/**
 * Each variant loads all texts and returns how many manifests (or documents) it got. The `yaml`
 * package and the precise parser run on the block shape only, one file each: they take 15–20 s a
 * run, the shape does not change their path, and one stream of 20,000 documents is beyond the
 * node limit the precise path accepts (limits.ts).
 */
const variants: Record<string, () => number> = {};
for (const shape of ['block', 'flow'] as const) {
  const all = texts[shape];
  Object.assign(variants, {
    [`${shape}: js-yaml loadAll alone, one file each`]: () => all.reduce((sum, text) => sum + jsYaml.loadAll(text).length, 0),
    [`${shape}: fast parser, one file each`]: () => all.reduce((sum, text, index) => sum + loadFile(`app-${index}.yaml`, text, 'fast'), 0),
    [`${shape}: fast parser, one stream`]: () => loadFile('all.yaml', all.join('---\n'), 'fast'),
  });
}
Object.assign(variants, {
  'block: yaml parseAllDocuments alone, one file each': () => texts.block.reduce((sum, text) => sum + parseAllDocuments(text).length, 0),
  'block: precise parser, one file each': () => texts.block.reduce((sum, text, index) => sum + loadFile(`app-${index}.yaml`, text, 'precise'), 0),
});

function loadFile(file: string, text: string, parser: 'fast' | 'precise'): number {
  return loadManifests(new SourceFile(file, text, { parser })).entries.length;
}

/** Best of five timed runs after a warm-up, in items per second: the machine is shared. */
function perSecond(load: () => number): number {
  load();
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 5; run += 1) {
    const start = performance.now();
    const loaded = load();
    best = Math.min(best, performance.now() - start);
    if (loaded !== COUNT) throw new Error(`loaded ${loaded} of ${COUNT}`);
  }
  return Math.round((COUNT / best) * 1000);
}

const variant = process.argv[2];
if (variant !== undefined) {
  console.log(perSecond(variants[variant]!));
} else {
  const script = fileURLToPath(import.meta.url);
  for (const name of Object.keys(variants)) {
    const figure = execFileSync(process.execPath, [...process.execArgv, script, name], { encoding: 'utf8' }).trim();
    console.log(`${name.padEnd(52)} ${figure.padStart(7)} per second`);
  }
}
