import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CRDS_DIR,
  type CrdIndex,
  INDEX_FILE,
  KUBERNETES_DIR,
  type KubernetesIndex,
  type SchemaDocument,
} from '../schemas/index.ts';

/** A schema document as loaded, with the identity ajv and the compile cache know it by. */
export interface LoadedDocument {
  /** ajv `$id` of the document: `kubernetes-1.36`, `crd-argoproj.io-application_v1alpha1`. */
  id: string;
  document: SchemaDocument;
  /** sha256 of the file's text, computed when first asked for (closure hashes usually make it unneeded). */
  readonly hash: string;
}

/**
 * Read access to the generated `schemas/` folder. The two small index files are read up front;
 * a Kubernetes version's definitions or a CRD's schema only when first asked for.
 */
export class SchemaStore {
  readonly kubernetesIndex: KubernetesIndex;
  readonly crdIndex: CrdIndex;
  readonly builtInGroups: ReadonlySet<string>;
  private readonly documents = new Map<string, LoadedDocument>();

  constructor(private readonly schemasDir: string) {
    this.kubernetesIndex = readJson<KubernetesIndex>(path.join(schemasDir, KUBERNETES_DIR, INDEX_FILE)).value;
    this.crdIndex = readJson<CrdIndex>(path.join(schemasDir, CRDS_DIR, INDEX_FILE)).value;
    this.builtInGroups = new Set(this.kubernetesIndex.builtInGroups);
  }

  /** Definitions and served kinds of one bundled Kubernetes version. */
  kubernetesDocument(version: string): LoadedDocument {
    return this.load(`kubernetes-${version}`, path.join(KUBERNETES_DIR, `${version}.json`));
  }

  /** The schema document of a custom resource kind (`argoproj.io/v1alpha1/Application`). */
  crdDocument(kindKey: string): LoadedDocument | undefined {
    const file = this.crdIndex.kinds[kindKey];
    if (file === undefined) return undefined;
    return this.load(`crd-${file.replace(/\.json$/, '').replace(/[^A-Za-z0-9._-]/g, '-')}`, path.join(CRDS_DIR, file));
  }

  private load(id: string, relativePath: string): LoadedDocument {
    let loaded = this.documents.get(id);
    if (loaded === undefined) {
      const { value, text } = readJson<SchemaDocument>(path.join(this.schemasDir, relativePath));
      let hash: string | undefined;
      loaded = {
        id,
        document: value,
        get hash() {
          hash ??= createHash('sha256').update(text).digest('hex');
          return hash;
        },
      };
      this.documents.set(id, loaded);
    }
    return loaded;
  }
}

function readJson<T>(file: string): { value: T; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
    return { value: JSON.parse(text) as T, text };
  } catch (error) {
    throw new Error(`cannot read schema file ${file} (run npm run schemas): ${(error as Error).message}`);
  }
}
