import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { FormatName } from './types.ts';

/** One requested output: a format, written to stdout (no file) or to a file the toolkit writes. */
export interface OutputSpec {
  format: FormatName;
  file?: string;
}

/**
 * Reads the repeated `--format NAME` / `--format NAME=FILE` values. Returns the outputs, or a
 * one-line reason for a usage error: an unknown format, an empty file name, more than one output
 * on stdout, a file whose directory does not exist (the toolkit does not create directories), a
 * file that is a directory, or two outputs to one file.
 *
 * The files come first, in the order given, and the one output on stdout last: a file that cannot
 * be written is a usage error, and stdout then holds only what the error prints (the JSON error
 * object for `--format json`), never a report followed by it.
 */
export function parseOutputSpecs(values: readonly string[], names: readonly FormatName[], cwd: string): OutputSpec[] | string {
  const specs: OutputSpec[] = [];
  for (const value of values) {
    const equals = value.indexOf('=');
    const name = equals < 0 ? value : value.slice(0, equals);
    if (!(names as readonly string[]).includes(name)) return `unknown format "${name}": use one of ${names.join(', ')}`;
    if (equals < 0) {
      specs.push({ format: name as FormatName });
      continue;
    }
    const file = value.slice(equals + 1);
    if (file === '') return `--format ${name}= names no file: write --format ${name}=FILE, or --format ${name} for stdout`;
    const directory = dirname(resolve(cwd, file));
    if (!existsSync(directory) || !statSync(directory).isDirectory()) {
      return `--format ${name}=${file}: the directory ${dirname(file)} does not exist (create it first)`;
    }
    if (existsSync(resolve(cwd, file)) && statSync(resolve(cwd, file)).isDirectory()) {
      return `--format ${name}=${file}: ${file} is a directory; name the file to write`;
    }
    specs.push({ format: name as FormatName, file });
  }
  const toStdout = specs.filter((spec) => spec.file === undefined);
  if (toStdout.length > 1) {
    return `more than one format on stdout (${toStdout.map((spec) => spec.format).join(', ')}): give all but one a file, as in --format ${toStdout[1]?.format ?? 'json'}=FILE`;
  }
  const files = specs.flatMap((spec) => (spec.file === undefined ? [] : [resolve(cwd, spec.file)]));
  const repeated = files.find((file, index) => files.indexOf(file) !== index);
  if (repeated !== undefined) return `two outputs write the same file ${repeated}`;
  if (specs.length === 0) return [{ format: 'stylish' }];
  return [...specs.filter((spec) => spec.file !== undefined), ...toStdout];
}
