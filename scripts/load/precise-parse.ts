import { LineCounter, parseAllDocuments, type Document, type YAMLError } from 'yaml';

/** The `yaml` package's view of a stream: documents with source ranges, for problems and positions. */
export interface PreciseStream {
  readonly documents: readonly Document.Parsed[];
  readonly lineCounter: LineCounter;
  /** Errors outside any document (a stream with no document at all). */
  readonly streamErrors: readonly YAMLError[];
}

/**
 * Parses with the failsafe schema: every scalar keeps its source text and style, and typing is
 * left to scalar-resolution.ts (go-yaml's rules). Duplicate keys, merge keys and aliases are
 * handled by to-json.ts, which knows the key strings JSON will see.
 */
export function parsePrecise(text: string): PreciseStream {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    lineCounter,
    version: '1.1',
    schema: 'failsafe',
    resolveKnownTags: false,
    uniqueKeys: false,
    merge: false,
    prettyErrors: false,
  });
  // With no document at all, `yaml` returns an empty stream that carries the errors itself.
  if ('empty' in parsed) return { documents: [], lineCounter, streamErrors: parsed.errors };
  return { documents: parsed, lineCounter, streamErrors: [] };
}
