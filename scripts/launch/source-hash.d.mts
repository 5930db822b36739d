/** Types of source-hash.mjs, for the TypeScript stages. */
export declare function sourceHash(): string;
