import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** A failed build, located at the kustomization that names what failed. */
export interface BuildFailure {
  message: string;
  file: string;
  line: number;
  column: number;
}

/**
 * Turns kustomize's error output into one readable message located in the kustomization a person
 * edits: the innermost kustomization kustomize was accumulating, at the entry it could not load.
 */
export async function describeBuildFailure(
  stderr: string,
  kustomizationFile: string,
  cwd: string,
): Promise<BuildFailure> {
  const message = cleanMessage(stderr, cwd);
  const innermostDir = lastMatch(stderr, /recursed accumulation of path '([^']+)'/g);
  const failedEntry = lastMatch(stderr, /accumulating resources from '([^']+)'/g);
  let file = kustomizationFile;
  if (innermostDir !== undefined && innermostDir !== path.dirname(path.resolve(kustomizationFile))) {
    for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
      const candidate = path.join(innermostDir, name);
      if (await readFile(candidate).then(() => true, () => false)) {
        file = candidate;
        break;
      }
    }
  }
  const position = failedEntry === undefined ? undefined : await findText(file, failedEntry);
  return { message, file, line: position?.line ?? 1, column: position?.column ?? 1 };
}

function cleanMessage(stderr: string, cwd: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => {
      // kubectl wraps the error as: E1122 07:42:58.76 5261 run.go:72] "command failed" err="..."
      const wrapped = /"command failed" err="(.*)"\s*$/.exec(line);
      return (wrapped?.[1] ?? line).replace(/^Error:\s*/, '').replace(/\\"/g, '"').trim();
    })
    .filter((line) => line.length > 0);
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  return (lines.join('\n') || 'kustomize build failed without a message').split(prefix).join('');
}

function lastMatch(text: string, pattern: RegExp): string | undefined {
  let last: string | undefined;
  for (const match of text.matchAll(pattern)) last = match[1];
  return last;
}

async function findText(file: string, needle: string): Promise<{ line: number; column: number } | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trimStart().startsWith('#')) continue;
    const column = line.indexOf(needle);
    if (column >= 0) return { line: index + 1, column: column + 1 };
  }
  return undefined;
}
