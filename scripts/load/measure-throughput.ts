/**
 * Quick throughput measurement of the load stage (not a test): `npx tsx scripts/load/measure-throughput.ts`.
 * Loads small Deployments (about 40 lines each) through SourceFile and loadManifests (which
 * deep-freezes) on one core, once per file and once as one multi-document stream, with the fast
 * and the precise parser, and prints manifests per second next to the libraries alone.
 */
import jsYaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { loadManifests } from './load-manifests.ts';
import { SourceFile, type ParserKind } from './source-file.ts';

function deployment(index: number): string {
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
          args: ["--port", "8080"]
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
            httpGet: {path: /healthz, port: http}
            periodSeconds: 10
`;
}

/**
 * Manifests per second of this process's CPU time (not wall time: the machine is shared, and
 * time spent waiting for a core is not the parser's), best of three runs after a warm-up.
 */
function perSecond(count: number, load: () => number): number {
  load();
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run += 1) {
    const start = process.cpuUsage();
    const loaded = load();
    const { user, system } = process.cpuUsage(start);
    best = Math.min(best, user + system);
    if (loaded !== count) throw new Error(`loaded ${loaded} of ${count} manifests`);
  }
  return Math.round((count / best) * 1_000_000);
}

const count = 20_000;
const texts = Array.from({ length: count }, (_, index) => deployment(index));
const stream = texts.join('---\n');

// The libraries alone, for ratios that hold whatever the machine's load.
const jsYamlAlone = perSecond(count, () => texts.reduce((sum, text) => sum + jsYaml.loadAll(text).length, 0));
const yamlAlone = perSecond(count, () => texts.reduce((sum, text) => sum + parseAllDocuments(text).length, 0));
console.log(`js-yaml loadAll alone ${jsYamlAlone} documents/s, yaml parseAllDocuments alone ${yamlAlone} documents/s`);

for (const parser of ['fast', 'precise'] as ParserKind[]) {
  const files = perSecond(count, () =>
    texts.reduce((sum, text, index) => sum + loadManifests(new SourceFile(`app-${index}.yaml`, text, { parser })).entries.length, 0),
  );
  const oneStream = perSecond(count, () => loadManifests(new SourceFile('all.yaml', stream, { parser })).entries.length);
  console.log(`${parser.padEnd(7)} ${String(files).padStart(7)} manifests/s one file each, ${String(oneStream).padStart(7)} manifests/s in one stream`);
}
