import { Ajv, _ } from 'ajv';
import { schemaFormats } from '../schemas/index.ts';
import { CEL_TYPE, LIST_MAP_KEY_DEFAULTS, kubernetesExtensionKeywords } from '../schemas/index.ts';
import { listMapKeysKeyword } from './list-map-keyword.ts';

/** The module name compiled standalone code uses to reach the format checks. */
export const FORMATS_MODULE = 'kubernetes-formats';

/**
 * The one ajv instance of a validator. Strict mode stays on: Kubernetes extensions are declared
 * as a vocabulary and every format the schemas use is registered. `strictRequired` is off
 * because a `required` next to `if`/`anyOf` legitimately names properties declared elsewhere.
 * Messages are off: findings get their own wording from keyword and params. Code source is
 * kept only when compiled validators are persisted (ajv standalone needs it).
 */
export function createAjv(options: { emitSource: boolean }): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
    messages: false,
    // The schemas come from our generator (tested); checking them against the draft-07
    // meta-schema would cost about 100 ms per process for nothing.
    validateSchema: false,
    // ajv's code optimiser costs about a third of compile time (a PodSpec closure: ~0.65 s ->
    // ~0.4 s) for no measurable gain in validation speed.
    code: options.emitSource
      ? { source: true, optimize: false, formats: _`require(${FORMATS_MODULE})` }
      : { source: false, optimize: false },
  });
  for (const [name, format] of Object.entries(schemaFormats)) ajv.addFormat(name, format);
  ajv.addVocabulary([
    ...kubernetesExtensionKeywords.filter((keyword) => keyword !== listMapKeysKeyword.keyword),
    LIST_MAP_KEY_DEFAULTS,
    CEL_TYPE,
    listMapKeysKeyword,
  ]);
  return ajv;
}
