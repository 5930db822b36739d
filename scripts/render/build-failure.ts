import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { kustomizeErrorText, kustomizeMessageLine } from './kustomize-message.ts';

/** A failed build, located at the kustomization that names what failed. */
export interface BuildFailure {
  message: string;
  file: string;
  line: number;
  column: number;
}

/**
 * Turns kustomize's error output into one readable message located in the kustomization a person
 * edits: the innermost kustomization kustomize was accumulating, at the entry it could not load
 * (or the patch or generator source it names). The message is kustomize's line that says what
 * failed, never the file contents it quotes (see kustomizeMessageLine); stderr is not repeated.
 */
export async function describeBuildFailure(
  stderr: string,
  kustomizationFile: string,
  cwd: string,
): Promise<BuildFailure> {
  const text = kustomizeErrorText(stderr);
  const innermostDir = lastMatch(text, /recursed accumulation of path '([^']+)'/g);
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
  const message = cleanMessage(text, path.dirname(path.resolve(file)), cwd);
  let position: { line: number; column: number } | undefined;
  for (const entry of failedEntries(text)) {
    position = await findText(file, entry);
    if (position) break;
  }
  return { message, file, line: position?.line ?? 1, column: position?.column ?? 1 };
}

function cleanMessage(text: string, kustomizationDir: string, cwd: string): string {
  const isPath = (quoted: string): boolean =>
    /^[a-z][a-z0-9+.-]*:\/\//i.test(quoted) ||
    path.isAbsolute(quoted) ||
    /\.(ya?ml|json|env|properties|txt)$/i.test(quoted) ||
    (!/\s/.test(quoted) && existsSync(path.resolve(kustomizationDir, quoted)));
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  const line = kustomizeMessageLine(text, isPath);
  return (line || 'kustomize build failed without a message').split(prefix).join('');
}

/**
 * What the kustomization names that kustomize could not use, most telling first: the resource
 * entry, the patch (its path, or the first line of an inline one, from kustomize's echo of the
 * patch configuration), the env file or literal of a generator.
 */
function failedEntries(text: string): string[] {
  const entries: string[] = [];
  const resource = lastMatch(text, /accumulating resources from '([^']+)'/g);
  if (resource !== undefined) entries.push(resource);
  const patchConfig = /with config: `([^`]*)`/.exec(text)?.[1];
  if (patchConfig !== undefined) {
    const config = parseYaml(patchConfig);
    if (config !== null && typeof config === 'object') {
      const { path: patchPath, patch } = config as Record<string, unknown>;
      if (typeof patchPath === 'string') entries.push(patchPath);
      if (typeof patch === 'string') {
        const firstLine = patch.split('\n').find((line) => line.trim() !== '');
        if (firstLine !== undefined) entries.push(firstLine.trim());
      }
    }
  }
  const source = /(?:env source files|file sources|literal sources):? \[([^\]\s]+)/.exec(text)?.[1];
  if (source !== undefined) entries.push(source);
  return entries;
}

function parseYaml(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
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
