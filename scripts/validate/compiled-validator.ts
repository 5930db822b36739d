import type { ErrorObject } from 'ajv';

/** A compiled validation function, from ajv directly or loaded from the persisted cache. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
