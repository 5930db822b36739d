import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { readCacheFile, writeCacheFile } from '../core/cache-files.ts';
import { schemaFormats } from '../schemas/index.ts';
import type { CompiledValidator } from './compiled-validator.ts';
import { FORMATS_MODULE } from './ajv-instance.ts';

const nodeRequire = createRequire(import.meta.url);

/** What compiled standalone code may `require`: ajv's runtime helpers and our formats. */
function standaloneRequire(id: string): unknown {
  return id === FORMATS_MODULE ? schemaFormats : nodeRequire(id);
}

/**
 * Compiled validators persisted as ajv standalone code, one file per key (a sha256 covering the
 * exact schema, the ajv version and the generator and validator versions), so a new process
 * skips ajv compilation entirely.
 *
 * Both files are authenticated cache entries (core/cache-files.ts): code this toolkit did not
 * write is never run. A `<key>.cjs` that fails authentication, or fails to load, is treated as
 * absent and rewritten. `<key>.v8` is V8's code cache for it, used on later loads. It is written by `persistCodeCaches()` once the validators
 * have run: V8 compiles a function's body only when it is first called, and a cache taken after
 * the run holds those bodies too (measured on the repo's 38 validators: first validations took
 * 140 ms with a cache taken at load, 2 ms with one taken after the run).
 */
export class CompileCache {
  /** Scripts loaded without a usable code cache, whose cache is written after they ran. */
  private readonly uncached: Array<{ script: vm.Script; file: string }> = [];

  constructor(private readonly dir: string) {}

  load(key: string): CompiledValidator | undefined {
    const file = this.file(key, 'cjs');
    const code = readCacheFile(file)?.toString('utf8');
    if (code === undefined) return undefined;
    const codeCacheFile = this.file(key, 'v8');
    const cachedData = readCacheFile(codeCacheFile);
    try {
      const script = new vm.Script(`(function (require, module, exports) {${code}\n})`, { filename: file, cachedData });
      const validator = run(script, file);
      if (cachedData === undefined || script.cachedDataRejected === true) this.uncached.push({ script, file: codeCacheFile });
      return validator;
    } catch {
      return undefined;
    }
  }

  /** Writes the V8 code cache of every script loaded without one, with what it has compiled so far. */
  persistCodeCaches(): void {
    for (const { script, file } of this.uncached.splice(0)) writeCacheFile(file, script.createCachedData());
  }

  store(key: string, code: string): void {
    writeCacheFile(this.file(key, 'cjs'), code);
  }

  private file(key: string, extension: 'cjs' | 'v8'): string {
    return path.join(this.dir, `${key}.${extension}`);
  }

}

/** Runs ajv's CommonJS standalone module and returns its export, the validation function. */
function run(script: vm.Script, filename: string): CompiledValidator {
  const wrapper = script.runInThisContext() as (require: unknown, module: unknown, exports: unknown) => void;
  const module: { exports: unknown } = { exports: {} };
  wrapper(standaloneRequire, module, module.exports);
  if (typeof module.exports !== 'function') throw new Error(`${filename} does not export a validator`);
  return module.exports as CompiledValidator;
}

export function cacheKey(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}
