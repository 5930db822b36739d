import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { kubernetesFormats } from '../schemas/formats.ts';
import type { CompiledValidator } from './compiled-validator.ts';
import { FORMATS_MODULE } from './ajv-instance.ts';

const nodeRequire = createRequire(import.meta.url);

/** What compiled standalone code may `require`: ajv's runtime helpers and our formats. */
function standaloneRequire(id: string): unknown {
  return id === FORMATS_MODULE ? kubernetesFormats : nodeRequire(id);
}

/**
 * Compiled validators persisted as ajv standalone code, one file per key (a sha256 covering the
 * exact schema, the ajv version and the generator and validator versions), so a new process
 * skips ajv compilation entirely. Each file starts with a checksum line; a file that fails
 * it, or fails to load, is treated as absent and rewritten.
 */
export class CompileCache {
  constructor(private readonly dir: string) {}

  load(key: string): CompiledValidator | undefined {
    let text: string;
    try {
      text = readFileSync(this.file(key), 'utf8');
    } catch {
      return undefined;
    }
    const newline = text.indexOf('\n');
    const code = text.slice(newline + 1);
    if (newline < 0 || text.slice(0, newline) !== checksumLine(code)) return undefined;
    try {
      return evaluate(code, this.file(key));
    } catch {
      return undefined;
    }
  }

  /** Writes atomically (temporary file, then rename): parallel workers may store the same key. */
  store(key: string, code: string): void {
    const file = this.file(key);
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temporary, `${checksumLine(code)}\n${code}`);
      renameSync(temporary, file);
    } catch {
      // A cache that cannot be written only costs a recompile next time.
      rmSync(temporary, { force: true });
    }
  }

  file(key: string): string {
    return path.join(this.dir, `${key}.cjs`);
  }
}

/** Runs ajv's CommonJS standalone module and returns its export, the validation function. */
function evaluate(code: string, filename: string): CompiledValidator {
  const wrapper = vm.runInThisContext(`(function (require, module, exports) {${code}\n})`, { filename });
  const module: { exports: unknown } = { exports: {} };
  (wrapper as (r: unknown, m: unknown, e: unknown) => void)(standaloneRequire, module, module.exports);
  if (typeof module.exports !== 'function') throw new Error(`${filename} does not export a validator`);
  return module.exports as CompiledValidator;
}

export function cacheKey(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

function checksumLine(code: string): string {
  return `// sha256:${createHash('sha256').update(code).digest('hex')}`;
}
