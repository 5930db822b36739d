/**
 * `npm run schemas [-- [--shared DIR] [--out DIR] [CRD.yaml ...]]`: generates the validation
 * schemas under schemas/kubernetes and schemas/crds from ../shared and any CRD files given.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSchemas } from './schemas/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        shared: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(
      'usage: npm run schemas -- [--shared DIR] [--out DIR] [CRD.yaml ...]\n' +
        '  --shared DIR  input data (default: ../shared beside the repository)\n' +
        '  --out DIR     output folder holding kubernetes/ and crds/ (default: schemas/)\n' +
        '  CRD.yaml      extra CustomResourceDefinitions; remembered in schemas/crds/index.json\n',
    );
    return 0;
  }
  const summary = generateSchemas({
    repoRoot,
    sharedDir: path.resolve(parsed.values.shared ?? path.resolve(repoRoot, '..', 'shared')),
    outDir: path.resolve(parsed.values.out ?? path.join(repoRoot, 'schemas')),
    extraCrdFiles: parsed.positionals,
    warn: (message) => process.stderr.write(`warning: ${message}\n`),
  });
  process.stdout.write(
    `Kubernetes ${summary.kubernetesVersions.join(', ')}; ${summary.crdKinds.length} custom resource kinds; ` +
      `${summary.written.length} file(s) written, ${summary.removed.length} removed\n`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`schemas: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
