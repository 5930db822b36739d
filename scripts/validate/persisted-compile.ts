import { Ajv, type Options } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { createRequire } from 'node:module';
import { CompileCache, cacheKey } from './compile-cache.ts';
import type { CompiledValidator } from './compiled-validator.ts';

export const ajvVersion = (createRequire(import.meta.url)('ajv/package.json') as { version: string }).version;
// ajv/dist/standalone is CommonJS; its function is the default export or the module itself.
export const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ??
  standaloneModule) as (ajv: Ajv, validate: CompiledValidator) => string;

/** ajv options that decide what compiled code does (code generation settings are added here). */
export type AjvSettings = Pick<Options, 'allErrors' | 'strict' | 'messages'>;

const compiled = new Map<string, CompiledValidator>();

/**
 * Compiles a small schema of the toolkit's own (the configuration file, a rule's options, a
 * cluster profile) once per process, and with `cacheDir` once per schema: the standalone code
 * and its V8 code cache are persisted like the Kubernetes validators, so a run does not pay
 * ajv's compile (and its meta-schema) again, about 0.15 s per run for these schemas.
 */
export function compilePersisted(schema: object, settings: AjvSettings, cacheDir: string | false): CompiledValidator {
  const key = cacheKey([`ajv ${ajvVersion}`, `settings ${JSON.stringify(settings)}`, JSON.stringify(schema)]);
  let validator = compiled.get(key);
  if (validator !== undefined) return validator;
  const cache = cacheDir === false ? undefined : new CompileCache(cacheDir);
  validator = cache?.load(key);
  if (validator === undefined) {
    // A new instance each time: schemas with the same `$id` but other content must not collide.
    const ajv = new Ajv({ ...settings, code: { source: true } });
    validator = ajv.compile(schema) as CompiledValidator;
    cache?.store(key, standaloneCode(ajv, validator));
  }
  // Small validators: their code cache is worth little more after a run than before it.
  cache?.persistCodeCaches();
  compiled.set(key, validator);
  return validator;
}
