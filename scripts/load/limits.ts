/**
 * Bounds that keep hostile input cheap. A "billion laughs" document stays a few kilobytes of text
 * but would expand to gigabytes; a deeply nested one would overflow the stack; a huge file, or a
 * document of millions of tiny nodes, would take the `yaml` package minutes and gigabytes (about
 * 10 µs and 1 KB per node, measured). Each is far above what Kubernetes itself accepts: the API
 * server takes request bodies of at most 3 MiB and etcd stores objects of at most 1.5 MiB, so the
 * largest real documents (CRDs) stay near 1 MB and 100,000 nodes.
 */

const MiB = 1024 * 1024;

/** Bytes of one file or one rendered stream (UTF-8). A 5 MB CRD bundle passes with room to spare. */
export const STREAM_BYTES_LIMIT = 32 * MiB;

/** Bytes of one document (UTF-8): several times the largest object the API server accepts. */
export const DOCUMENT_BYTES_LIMIT = 8 * MiB;

/** Documents in one stream: a stream of tiny documents costs per document, not per byte. */
export const DOCUMENT_COUNT_LIMIT = 20_000;

/**
 * Nodes of one document, counted before any parser runs from the characters that can start one
 * (line breaks, `,`, `[`, `{`, `:` and a `-` before a blank): an upper bound, so the `yaml`
 * package never builds an AST larger than this. Counted only for documents longer than this many
 * characters, since no shorter one can exceed it.
 */
export const DOCUMENT_NODE_LIMIT = 500_000;

/**
 * Nodes of a whole stream that the fast parser declined (anchors, tags, unusual syntax), which the
 * `yaml` package then reads in one piece, keeping its AST for positions: at this bound a whole
 * validator run took 9.6 s and 610 MB (two documents of 300,000 nodes in block mappings) and
 * 6.2 s and 680 MB (in flow sequences), measured with `/usr/bin/time -v`. Counted as
 * DOCUMENT_NODE_LIMIT is. The fast parser needs no such bound: it reads 32 MiB in seconds, so in
 * `--parser precise` mode alone a large stream without anchors or tags is refused too.
 */
export const PRECISE_STREAM_NODE_LIMIT = 600_000;

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
