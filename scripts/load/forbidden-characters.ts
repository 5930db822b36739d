/**
 * Characters go-yaml's reader refuses ("control characters are not allowed"): C0 controls other
 * than tab and line breaks, DEL, C1 controls other than NEL, U+FFFE, U+FFFF, and unpaired
 * surrogates (never valid UTF-8). The `yaml` package reads them as content, so they are checked here.
 */
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Offsets of forbidden characters, in order. */
export function forbiddenCharacterOffsets(text: string): number[] {
  return Array.from(text.matchAll(FORBIDDEN), (match) => match.index);
}

export function describeForbiddenCharacter(text: string, offset: number): string {
  const code = text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, '0');
  return `character U+${code} is not allowed in YAML`;
}
