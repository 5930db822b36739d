import { _, stringify, type Code, type CodeKeywordDefinition, type KeywordCxt } from 'ajv';
import { LIST_MAP_KEY_DEFAULTS } from '../schemas/index.ts';

/**
 * `x-kubernetes-list-map-keys`: items of a `map` list must be unique by their keys, a missing
 * key counting as its API default (ports' protocol is TCP). Generated as plain code, with no
 * runtime helper, so it survives ajv's standalone output unchanged.
 *
 * Error params: `duplicate` (index of the later item), `original` (index it repeats), `keys`,
 * and `defaults` (values assumed for missing keys).
 */
export const listMapKeysKeyword: CodeKeywordDefinition = {
  keyword: 'x-kubernetes-list-map-keys',
  type: 'array',
  schemaType: 'array',
  error: {
    message: 'must not repeat a list-map key',
    params: ({ params, schema, parentSchema }) =>
      _`{duplicate: ${params['duplicate']}, original: ${params['original']}, keys: ${stringify(schema)}, defaults: ${stringify(parentSchema?.[LIST_MAP_KEY_DEFAULTS] ?? {})}}`,
  },
  code(cxt: KeywordCxt) {
    const { gen, data, parentSchema } = cxt;
    // ajv types a keyword's schema as `any`; this keyword's (checked by schemaType) is the key names.
    const keys = cxt.schema as string[];
    const defaults = (parentSchema[LIST_MAP_KEY_DEFAULTS] ?? {}) as Record<string, unknown>;
    gen.if(_`${data}.length > 1`, () => {
      const seen = gen.const('seen', _`new Map()`);
      gen.forRange('i', 0, _`${data}.length`, (i) => {
        const item = gen.const('item', _`${data}[${i}]`);
        gen.if(_`${item} !== null && typeof ${item} == "object"`, () => {
          const parts = keys.map((key) => {
            const value = gen.const('key', _`${item}[${key}]`);
            return defaults[key] === undefined ? value : _`(${value} ?? ${stringify(defaults[key])})`;
          });
          // An item missing a key without a default is reported by `required`, not here.
          const complete = parts.map((part) => _`${part} !== undefined`).reduce((a, b) => _`${a} && ${b}`);
          gen.if(complete, () => {
            const identity =
              parts.length === 1 ? parts[0]! : _`JSON.stringify([${parts.reduce((a, b): Code => _`${a}, ${b}`)}])`;
            const id = gen.const('id', identity);
            const original = gen.const('original', _`${seen}.get(${id})`);
            gen.if(
              _`${original} === undefined`,
              () => gen.code(_`${seen}.set(${id}, ${i})`),
              () => {
                cxt.setParams({ duplicate: i, original });
                cxt.error();
              },
            );
          });
        });
      });
    });
  },
};
