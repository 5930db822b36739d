import { readFileSync } from 'node:fs';

/** The file's bytes, or undefined when it cannot be read. Synchronous: small local files. */
export function readFileIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
