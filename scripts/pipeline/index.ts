/** The pipeline: render → load → validate → argocd model → check → locate, as one call that returns data; and the model alone (explain). */
export { InputError, runValidation, type ValidationOptions, type ValidationResult } from './run-validation.ts';
export { modelRepository } from './model-repository.ts';
export { modelEnvironments, type EnvironmentModels } from './environment-model.ts';
