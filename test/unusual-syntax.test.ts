import { describe, expect, it } from 'vitest';
import { hasUnusualSyntax } from '../scripts/load/unusual-syntax.ts';

describe('hasUnusualSyntax: document markers', () => {
  it.each([
    ['a separator alone on its line', 'a: 1\n---\nb: 2\n'],
    ['a separator that ends the text', 'a: 1\n---'],
    ['a separator with a comment after it', 'a: 1\n--- # next\nb: 2\n'],
    ['a separator with trailing spaces', 'a: 1\n---   \nb: 2\n'],
    ['a dash run inside a value', 'a: x---y\n'],
  ])('lets the fast parser read %s', (_, text) => {
    expect(hasUnusualSyntax(text)).toBe(false);
  });

  it.each([
    ['content after the marker', 'a: 1\n--- b: 2\n'],
    ['text glued to the marker', 'a: 1\n---b\n'],
    ['a document end marker with content', 'a: 1\n... b\n'],
    ['content after a marker at the end of the text', 'a: 1\n--- b'],
  ])('sends %s to the precise path', (_, text) => {
    expect(hasUnusualSyntax(text)).toBe(true);
  });
});
