import type { Ajv } from 'ajv';
import { GENERATOR_VERSION } from '../schemas/index.ts';
import type { JsonSchema } from '../schemas/index.ts';
import { createAjv } from './ajv-instance.ts';
import { CompileCache, cacheKey } from './compile-cache.ts';
import type { CompiledValidator } from './compiled-validator.ts';
import { kindSchema } from './kind-schema.ts';
import { ajvVersion, standaloneCode } from './persisted-compile.ts';
import type { LoadedDocument } from './schema-store.ts';

/**
 * Bumped when code in this stage changes what compiled validators do (the list-map keyword,
 * the ajv options), so persisted validators from older code are not reused.
 */
export const VALIDATOR_CODE_VERSION = 1;


/**
 * Compiles validators lazily, one per (schema document, kind), memoised in-process and, when a
 * cache directory is given, persisted across processes. A schema document is registered with
 * ajv once, so definitions shared by several kinds (PodSpec, ObjectMeta) are compiled once.
 */
export class ValidatorCompiler {
  private ajv: Ajv | undefined;
  private readonly registered = new Set<string>();
  private readonly validators = new Map<string, CompiledValidator>();
  private readonly cache: CompileCache | undefined;

  constructor(cacheDir: string | false) {
    this.cache = cacheDir === false ? undefined : new CompileCache(cacheDir);
  }

  validatorFor(loaded: LoadedDocument, definitionName: string): CompiledValidator {
    const schema = kindSchema(loaded, definitionName);
    const key = compiledValidatorKey(loaded, definitionName, schema);
    let validator = this.validators.get(key);
    if (validator === undefined) {
      validator = this.load(key, loaded, schema);
      this.validators.set(key, validator);
    }
    return validator;
  }

  /** See CompileCache.persistCodeCaches: call once the validators have run. */
  persistCodeCaches(): void {
    this.cache?.persistCodeCaches();
  }

  private load(key: string, loaded: LoadedDocument, schema: JsonSchema): CompiledValidator {
    const cached = this.cache?.load(key);
    if (cached !== undefined) return cached;
    const ajv = this.ajvWith(loaded);
    const validator = ajv.compile(schema) as CompiledValidator;
    this.cache?.store(key, standaloneCode(ajv, validator));
    return validator;
  }

  private ajvWith(loaded: LoadedDocument): Ajv {
    this.ajv ??= createAjv({ emitSource: this.cache !== undefined });
    if (!this.registered.has(loaded.id)) {
      this.ajv.addSchema({ $id: loaded.id, definitions: loaded.document.definitions });
      this.registered.add(loaded.id);
    }
    return this.ajv;
  }
}

/**
 * What a compiled validator is keyed by, in this process and on disk. With the generator's
 * closure hash, a kind whose schema is the same in several Kubernetes versions (most kinds,
 * between neighbouring versions) is compiled and loaded once; the document's name in the root
 * `$ref` is left out, compiled code does not contain it. Without one, the whole document counts.
 */
function compiledValidatorKey(loaded: LoadedDocument, definitionName: string, schema: JsonSchema): string {
  const closure = loaded.document.closureHashes?.[definitionName];
  const identity =
    closure === undefined
      ? [`document ${loaded.id} ${loaded.hash}`, JSON.stringify(schema)]
      : [`closure ${closure}`, JSON.stringify(schema).replaceAll(`"${loaded.id}#`, '"#')];
  return cacheKey([`ajv ${ajvVersion}`, `generator ${GENERATOR_VERSION}`, `validator ${VALIDATOR_CODE_VERSION}`, ...identity]);
}
