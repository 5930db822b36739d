/** The pipeline: render → load → validate → check → locate, as one call that returns data. */
export { InputError, runValidation, type ValidationOptions, type ValidationResult } from './run-validation.ts';
