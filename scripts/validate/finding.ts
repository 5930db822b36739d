/** One schema problem in one object. */
export interface SchemaFinding {
  /** JSON pointer of the offending field (the field itself for unknown and missing fields). */
  pointer: string;
  message: string;
  /** The ajv keyword (`type`, `required`, ...) or `apiVersion`, `kind`, `missingSchema`. */
  keyword: string;
  params?: Record<string, unknown>;
  /** Set when the object is a custom resource whose CRD schema is not bundled. */
  missingSchema?: boolean;
  /** Set when the value at the pointer is a secret: the message names its type only, and no caller may add the value. */
  secret?: boolean;
}
