import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes a file only when its bytes change, so an unchanged run touches nothing. */
export function writeIfChanged(file: string, content: string): boolean {
  if (existsSync(file) && readFileSync(file, 'utf8') === content) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return true;
}

/** Removes `.json` files under `dir` that this run did not produce (a CRD or version dropped). */
export function removeStaleJson(dir: string, produced: ReadonlySet<string>): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (!produced.has(path.resolve(file))) {
      rmSync(file);
      removed.push(file);
    }
  }
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const sub = path.join(dir, entry.name);
    if (entry.isDirectory() && readdirSync(sub).length === 0) rmSync(sub, { recursive: true });
  }
  return removed;
}
