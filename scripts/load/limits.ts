/**
 * Bounds that keep hostile input cheap. A "billion laughs" document stays a few kilobytes of text
 * but would expand to gigabytes; a deeply nested one would overflow the stack.
 */

/** Nodes that alias expansion may copy into one document's value (each alias becomes a copy). */
export const ALIAS_EXPANSION_LIMIT = 10_000;

/**
 * Nesting depth of a document's value. Below the depth at which the `yaml` package itself runs
 * out of stack (about 800), so the verdict does not depend on the caller's stack.
 */
export const NESTING_DEPTH_LIMIT = 500;

/**
 * js-yaml's depth bound on the fast path, kept below NESTING_DEPTH_LIMIT (js-yaml counts a little
 * differently): anything deeper is left to the precise path, which decides.
 */
export const FAST_PATH_DEPTH_LIMIT = 400;
