/** Types of trusted-cache.mjs, for the TypeScript stages. */
export declare class CacheLocationError extends Error {}
export declare function cacheRoot(): string;
export declare function assertOutside(root: string, trees: readonly string[]): void;
export declare function untrustedReason(): string | undefined;
export declare function readCacheEntry(file: string): Buffer | undefined;
export declare function writeCacheEntry(file: string, content: string | Uint8Array): void;
