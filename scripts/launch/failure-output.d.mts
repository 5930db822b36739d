/** Types of failure-output.mjs, for the TypeScript command. */
export declare function wantsJson(argv: readonly string[]): boolean;
export declare function jsonFiles(argv: readonly string[]): string[];
export declare function reportFailure(argv: readonly string[], message: string, hint?: string): 2;
