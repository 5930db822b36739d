/**
 * Bumped whenever the generator's output format or transformation rules change, so persisted
 * compiled validators built from older output are never reused.
 */
export const GENERATOR_VERSION = 3;
