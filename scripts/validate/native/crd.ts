import { Environment, ParseError } from '@marcbachmann/cel-js';
import { fieldPathSegments } from '../cel/index.ts';
import { regexProblem } from '../cel/portability.ts';
import { dns1035Label, dns1123Subdomain, shown } from './names.ts';
import type { NameRule } from './object-meta.ts';
import { asArray, asObject, asString, isObject, key, orList, type Findings, type Json } from './finding.ts';

/**
 * A CustomResourceDefinition, as apiextensions-apiserver validates one on create
 * (ValidateCustomResourceDefinition, apiextensions.k8s.io/v1 after its defaulting): the names,
 * group, scope, versions, conversion, printer columns, subresources and selectable fields, and
 * each version's schema — the OpenAPI subset a CRD may use, structural-schema rules, list and map
 * extensions, defaults that fit their schema, and x-kubernetes-validations: reason, fieldPath,
 * message, and the CEL syntax of rule and messageExpression. Type-checking a rule against the
 * schema and the cost estimate are not done here (the API server's cel-go answers them, and a
 * different library would refuse what it accepts).
 */

/** The name rule of a CRD: an RFC 1123 subdomain that is exactly `<spec.names.plural>.<spec.group>`. */
export function crdNameRule(object: Json): NameRule {
  const spec = asObject(object.spec);
  const names = asObject(spec?.names);
  const required = `${asString(names?.plural) ?? ''}.${asString(spec?.group) ?? ''}`;
  return (value) => {
    const problem = dns1123Subdomain(value);
    if (problem !== undefined) return problem;
    return value === required ? undefined : `must be <spec.names.plural>.<spec.group>, here "${shown(required)}"`;
  };
}

const scopes = ['Cluster', 'Namespaced'];
const conversionStrategies = ['None', 'Webhook'];
const printerColumnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const printerColumnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];
const schemaTypes = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const listTypes = ['atomic', 'set', 'map'];
const mapTypes = ['atomic', 'granular'];
const validationReasons = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const conversionReviewVersions = ['v1', 'v1beta1'];
const maxSelectableFields = 8;
/** The fields a root schema may have when the status subresource is on (allowedFieldsAtRootSchema). */
const rootFieldsWithStatus = new Set([
  'description', 'type', 'format', 'title', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'required', 'items', 'properties', 'externalDocs', 'example',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations',
]);

export function validateCustomResourceDefinition(out: Findings, object: Json): void {
  const spec = asObject(object.spec);
  if (spec === undefined) return;
  validateGroup(out, spec);
  validateApiApproval(out, asString(spec.group) ?? '', asObject(asObject(object.metadata)?.annotations));
  const scope = spec.scope;
  if (typeof scope !== 'string' || scope === '') out.push({ pointer: '/spec/scope', message: 'scope is required: Cluster or Namespaced' });
  else if (!scopes.includes(scope)) out.push({ pointer: '/spec/scope', message: `scope "${shown(scope)}" is not one the API server accepts: use ${orList(scopes)}` });
  validateNames(out, asObject(spec.names));
  const preserveUnknownFields = spec.preserveUnknownFields === true;
  if (preserveUnknownFields) {
    out.push({ pointer: '/spec/preserveUnknownFields', message: 'preserveUnknownFields cannot be true in apiextensions.k8s.io/v1: set x-kubernetes-preserve-unknown-fields: true in the version schemas instead' });
  }
  const versions = asArray(spec.versions) ?? [];
  validateVersions(out, versions);
  validateConversion(out, asObject(spec.conversion));
}

function validateGroup(out: Findings, spec: Json): void {
  const group = asString(spec.group) ?? '';
  if (group === '') {
    out.push({ pointer: '/spec/group', message: 'group is required (a DNS domain such as example.com)' });
    return;
  }
  const problem = dns1123Subdomain(group);
  if (problem !== undefined) out.push({ pointer: '/spec/group', message: `group "${shown(group)}" ${problem}` });
  else if (!group.includes('.')) out.push({ pointer: '/spec/group', message: `group "${shown(group)}" must be a domain with at least one dot (example.com)` });
}

const apiApprovedAnnotation = 'api-approved.kubernetes.io';

/**
 * A CRD in a group Kubernetes owns (k8s.io, kubernetes.io and their subdomains) needs the
 * api-approved.kubernetes.io annotation: the URL of the approving pull request, or a reason that
 * starts with "unapproved" (validateAPIApproval, GetAPIApprovalState).
 */
function validateApiApproval(out: Findings, group: string, annotations: Json | undefined): void {
  const protectedGroup = group === 'k8s.io' || group.endsWith('.k8s.io') || group === 'kubernetes.io' || group.endsWith('.kubernetes.io');
  if (!protectedGroup) return;
  const value = asString(annotations?.[apiApprovedAnnotation]) ?? '';
  const pointer = `/metadata/annotations/${apiApprovedAnnotation}`;
  if (value === '') out.push({ pointer, message: `a CRD in the Kubernetes-owned group ${group} needs the annotation ${apiApprovedAnnotation}: the URL of its API approval, or a reason starting with "unapproved"` });
  // Approved: a URL with a scheme and a host (url.ParseRequestURI); read leniently, so only what is surely no URL is refused.
  else if (!value.startsWith('unapproved') && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]/.test(value)) {
    out.push({ pointer, message: `annotation ${apiApprovedAnnotation} "${shown(value)}" must be a URL (the API approval) or start with "unapproved"` });
  }
}

/** spec.names after defaulting (singular: the kind lower-cased; listKind: the kind + List). */
function validateNames(out: Findings, names: Json | undefined): void {
  const plural = asString(names?.plural) ?? '';
  const kind = asString(names?.kind) ?? '';
  const singular = asString(names?.singular) || kind.toLowerCase();
  const listKind = asString(names?.listKind) || (kind === '' ? '' : `${kind}List`);
  if (plural === '') out.push({ pointer: '/spec/names/plural', message: 'names.plural is required' });
  else dns1035(out, plural, '/spec/names/plural', 'names.plural');
  if (singular === '') out.push({ pointer: '/spec/names/singular', message: 'names.singular is required (it defaults to the kind, lower-cased)' });
  else dns1035(out, singular, '/spec/names/singular', 'names.singular');
  if (kind === '') out.push({ pointer: '/spec/names/kind', message: 'names.kind is required' });
  else if (dns1035Label(kind.toLowerCase()) !== undefined) out.push({ pointer: '/spec/names/kind', message: `names.kind "${shown(kind)}" may have mixed case but must otherwise be ${dns1035Label(kind.toLowerCase())!.replace(/^must be /, '')}` });
  if (listKind === '') out.push({ pointer: '/spec/names/listKind', message: 'names.listKind is required' });
  else if (dns1035Label(listKind.toLowerCase()) !== undefined) out.push({ pointer: '/spec/names/listKind', message: `names.listKind "${shown(listKind)}" may have mixed case but must otherwise be ${dns1035Label(listKind.toLowerCase())!.replace(/^must be /, '')}` });
  if (kind !== '' && kind === listKind) out.push({ pointer: '/spec/names/listKind', message: `names.listKind "${shown(listKind)}" may not be the same as the kind` });
  for (const field of ['shortNames', 'categories']) {
    (asArray(names?.[field]) ?? []).forEach((value, index) => {
      if (typeof value === 'string') dns1035(out, value, `/spec/names/${field}/${index}`, `names.${field}[${index}]`);
    });
  }
}

function dns1035(out: Findings, value: string, pointer: string, what: string): void {
  const problem = dns1035Label(value);
  if (problem !== undefined) out.push({ pointer, message: `${what} "${shown(value)}" ${problem}` });
}

function validateVersions(out: Findings, versions: unknown[]): void {
  const seen = new Set<string>();
  let storage = 0;
  let duplicate = false;
  versions.forEach((entry, index) => {
    const version = asObject(entry);
    if (version === undefined) return;
    const pointer = `/spec/versions/${index}`;
    const name = asString(version.name) ?? '';
    if (seen.has(name)) duplicate = true;
    seen.add(name);
    if (version.storage === true) storage++;
    dns1035(out, name, `${pointer}/name`, 'a version name');
    validateDeprecationWarning(out, version, pointer);
    const schema = asObject(asObject(version.schema)?.openAPIV3Schema);
    const subresources = asObject(version.subresources);
    if (schema === undefined) out.push({ pointer: `${pointer}/schema/openAPIV3Schema`, message: 'every version needs a schema (schema.openAPIV3Schema)' });
    else validateRootSchema(out, schema, `${pointer}/schema/openAPIV3Schema`, subresources?.status !== undefined && subresources.status !== null);
    validateSubresources(out, subresources, `${pointer}/subresources`);
    (asArray(version.additionalPrinterColumns) ?? []).forEach((column, columnIndex) => validatePrinterColumn(out, asObject(column), `${pointer}/additionalPrinterColumns/${columnIndex}`));
    validateSelectableFields(out, asArray(version.selectableFields), schema, `${pointer}/selectableFields`);
  });
  if (duplicate) out.push({ pointer: '/spec/versions', message: 'version names must be unique' });
  if (storage !== 1) out.push({ pointer: '/spec/versions', message: `exactly one version must be the storage version (storage: true); here ${storage} are` });
}

function validateDeprecationWarning(out: Findings, version: Json, pointer: string): void {
  const warning = version.deprecationWarning;
  if (typeof warning !== 'string') return;
  const at = `${pointer}/deprecationWarning`;
  if (version.deprecated !== true) out.push({ pointer: at, message: 'deprecationWarning can only be set on a deprecated version (deprecated: true)' });
  else if (warning.length === 0) out.push({ pointer: at, message: 'deprecationWarning must not be empty' });
  else if (Buffer.byteLength(warning) > 256) out.push({ pointer: at, message: 'deprecationWarning must be at most 256 bytes long' });
  else if (/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|[^\P{Zs} ]/u.test(warning)) out.push({ pointer: at, message: 'deprecationWarning must consist of printable characters' });
}

function validateSubresources(out: Findings, subresources: Json | undefined, pointer: string): void {
  const scale = asObject(subresources?.scale);
  if (scale === undefined) return;
  const paths: Array<[string, string[]]> = [
    ['specReplicasPath', ['.spec.']],
    ['statusReplicasPath', ['.status.']],
    ['labelSelectorPath', ['.spec.', '.status.']],
  ];
  for (const [field, prefixes] of paths) {
    const value = asString(scale[field]) ?? '';
    const at = `${pointer}/scale/${field}`;
    if (value === '') {
      if (field !== 'labelSelectorPath') out.push({ pointer: at, message: `scale.${field} is required` });
      continue;
    }
    const problem = simpleJsonPathProblem(value);
    if (problem !== undefined) out.push({ pointer: at, message: `scale.${field} "${shown(value)}" ${problem}` });
    else if (!prefixes.some((prefix) => value.startsWith(prefix))) out.push({ pointer: at, message: `scale.${field} "${shown(value)}" must be a JSON path under ${orList(prefixes.map((prefix) => prefix.slice(0, -1)))}` });
  }
}

function simpleJsonPathProblem(value: string): string | undefined {
  return value.startsWith('.') ? undefined : "must be a simple JSON path starting with '.' (.spec.replicas)";
}

function validatePrinterColumn(out: Findings, column: Json | undefined, pointer: string): void {
  if (column === undefined) return;
  if ((asString(column.name) ?? '') === '') out.push({ pointer: `${pointer}/name`, message: 'a printer column needs a name' });
  const type = asString(column.type) ?? '';
  if (!printerColumnTypes.includes(type)) out.push({ pointer: `${pointer}/type`, message: `a printer column type must be ${orList(printerColumnTypes)}${type === '' ? '' : `, not "${shown(type)}"`}` });
  const format = asString(column.format) ?? '';
  if (format !== '' && !printerColumnFormats.includes(format)) out.push({ pointer: `${pointer}/format`, message: `a printer column format must be ${orList(printerColumnFormats)}, not "${shown(format)}"` });
  const jsonPath = asString(column.jsonPath) ?? '';
  if (jsonPath === '') out.push({ pointer: `${pointer}/jsonPath`, message: 'a printer column needs a jsonPath' });
  else {
    const problem = simpleJsonPathProblem(jsonPath);
    if (problem !== undefined) out.push({ pointer: `${pointer}/jsonPath`, message: `jsonPath "${shown(jsonPath)}" ${problem}` });
  }
}

function validateSelectableFields(out: Findings, fields: unknown[] | undefined, schema: Json | undefined, pointer: string): void {
  if (fields === undefined || fields.length === 0 || schema === undefined) return;
  const unique = new Set<string>();
  fields.forEach((entry, index) => {
    const jsonPath = asString(asObject(entry)?.jsonPath) ?? '';
    const at = `${pointer}/${index}/jsonPath`;
    if (jsonPath === '') {
      out.push({ pointer: at, message: 'a selectable field needs a jsonPath' });
      return;
    }
    // ValidFieldPath without array notation: any '[' is a delimiter (a quote can only follow one).
    if (jsonPath.includes('[')) {
      out.push({ pointer: at, message: `jsonPath "${shown(jsonPath)}" must use the dot notation only (.spec.field), no [...]` });
      return;
    }
    const segments = fieldPathSegments(jsonPath);
    const target = segments === undefined ? undefined : schemaAt(schema, segments);
    if (segments === undefined || target === undefined) {
      out.push({ pointer: at, message: `jsonPath "${shown(jsonPath)}" does not name a field of the schema` });
      return;
    }
    if (segments[0] === 'metadata') out.push({ pointer: at, message: `jsonPath "${shown(jsonPath)}" must not point into metadata` });
    if (!['string', 'boolean', 'integer'].includes(asString(target.type) ?? '')) out.push({ pointer: at, message: `jsonPath "${shown(jsonPath)}" must point to a string, boolean or integer field` });
    const joined = segments.join('\0');
    if (unique.has(joined)) out.push({ pointer: at, message: `jsonPath "${shown(jsonPath)}" is listed twice` });
    unique.add(joined);
  });
  if (unique.size > maxSelectableFields) out.push({ pointer, message: `at most ${maxSelectableFields} selectable fields, here ${unique.size}` });
}

/** The schema a field path names: properties by name, additionalProperties for a map key. */
function schemaAt(schema: Json, segments: readonly string[]): Json | undefined {
  let current: Json | undefined = schema;
  for (const segment of segments) {
    if (current === undefined) return undefined;
    // As ValidFieldPath: a schema with properties names its fields, one with additionalProperties takes any key.
    const properties = asObject(current.properties);
    if (properties !== undefined) current = asObject(properties[segment]);
    else if (isObject(current.additionalProperties)) current = current.additionalProperties;
    else return undefined;
  }
  return current;
}

function validateConversion(out: Findings, conversion: Json | undefined): void {
  if (conversion === undefined) return;
  const strategy = asString(conversion.strategy) ?? '';
  if (strategy === '') out.push({ pointer: '/spec/conversion/strategy', message: 'conversion.strategy is required: None or Webhook' });
  else if (!conversionStrategies.includes(strategy)) out.push({ pointer: '/spec/conversion/strategy', message: `conversion strategy "${shown(strategy)}" is not one the API server accepts: use ${orList(conversionStrategies)}` });
  const webhook = asObject(conversion.webhook);
  if (strategy === 'Webhook') {
    const clientConfig = asObject(webhook?.clientConfig);
    if (clientConfig === undefined) out.push({ pointer: '/spec/conversion/webhook/clientConfig', message: 'a Webhook conversion needs webhook.clientConfig' });
    else if ((clientConfig.url === undefined) === (clientConfig.service === undefined)) out.push({ pointer: '/spec/conversion/webhook/clientConfig', message: 'webhook.clientConfig needs exactly one of url and service' });
    const reviewVersions = asArray(webhook?.conversionReviewVersions) ?? [];
    if (reviewVersions.length === 0) out.push({ pointer: '/spec/conversion/webhook/conversionReviewVersions', message: 'a Webhook conversion needs webhook.conversionReviewVersions' });
    else if (!reviewVersions.some((version) => typeof version === 'string' && conversionReviewVersions.includes(version))) {
      out.push({ pointer: '/spec/conversion/webhook/conversionReviewVersions', message: `webhook.conversionReviewVersions must include ${orList(conversionReviewVersions)}` });
    }
  } else if (strategy === 'None' && webhook !== undefined) {
    out.push({ pointer: '/spec/conversion/webhook', message: 'webhook must not be set unless the conversion strategy is Webhook' });
  }
}

type Level = 'root' | 'field' | 'item';

/** One schema node and where it is, for the walk over a version's schema. */
interface Node {
  schema: Json;
  pointer: string;
  level: Level;
  /** Inside the root's metadata, apiVersion or kind: defaults are not allowed there. */
  inResourceMeta: boolean;
}

function validateRootSchema(out: Findings, schema: Json, pointer: string, statusEnabled: boolean): void {
  if (statusEnabled) {
    if (schema.type !== undefined && schema.type !== 'object') out.push({ pointer: `${pointer}/type`, message: 'with the status subresource on, the root schema must be of type object' });
    for (const [field, value] of Object.entries(schema)) {
      // The API server looks at the fields that are not their zero value.
      if (value === false || value === null || value === '' || value === 0) continue;
      if (!rootFieldsWithStatus.has(field)) {
        out.push({ pointer: `${pointer}/${key(field)}`, message: `with the status subresource on, the root schema may not use ${field}` });
        break;
      }
    }
  }
  if (schema.nullable === true) out.push({ pointer: `${pointer}/nullable`, message: 'the root schema cannot be nullable' });
  if (schema.additionalProperties !== undefined) out.push({ pointer: `${pointer}/additionalProperties`, message: 'additionalProperties must not be used at the root of a CRD schema' });
  const properties = asObject(schema.properties);
  for (const field of ['apiVersion', 'kind']) {
    const declared = asObject(properties?.[field]);
    if (declared !== undefined && declared.type !== 'string') out.push({ pointer: `${pointer}/properties/${field}/type`, message: `${field} must be declared of type string` });
  }
  const metadata = asObject(properties?.metadata);
  if (metadata !== undefined) validateRootMetadata(out, metadata, `${pointer}/properties/metadata`);
  walkSchema(out, { schema, pointer, level: 'root', inResourceMeta: false });
}

/** At the root, metadata may say nothing but restrictions on name and generateName. */
function validateRootMetadata(out: Findings, metadata: Json, pointer: string): void {
  if (metadata.type !== 'object') out.push({ pointer: `${pointer}/type`, message: 'metadata must be of type object' });
  const properties = asObject(metadata.properties);
  const others = Object.keys(metadata).filter((field) => !['type', 'properties', 'default'].includes(field));
  const otherProperties = properties === undefined ? [] : Object.keys(properties).filter((field) => field !== 'name' && field !== 'generateName');
  if (others.length > 0 || otherProperties.length > 0) {
    out.push({ pointer, message: `the metadata schema may only restrict name and generateName (the API server validates the rest as ObjectMeta itself), not ${[...others, ...otherProperties.map((field) => `properties.${field}`)].join(', ')}` });
  }
}

function walkSchema(out: Findings, node: Node): void {
  const { schema, pointer, level } = node;
  validateKeywords(out, node);
  const type = asString(schema.type) ?? '';
  const intOrString = schema['x-kubernetes-int-or-string'] === true;
  const preserve = schema['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  if (embedded && type !== 'object') out.push({ pointer: `${pointer}/type`, message: 'x-kubernetes-embedded-resource needs type: object' });
  else if (type === '' && !intOrString && !preserve) {
    const where = level === 'root' ? 'at the root' : level === 'item' ? 'for array items' : 'for a field';
    out.push({ pointer: `${pointer}/type`, message: `type is required ${where} of a structural schema` });
  }
  if (level === 'root' && type !== '' && type !== 'object') out.push({ pointer: `${pointer}/type`, message: 'the root schema must be of type object' });
  if (type === 'array' && schema.items === undefined) out.push({ pointer: `${pointer}/items`, message: 'an array schema needs items' });
  if (intOrString && preserve) out.push({ pointer: `${pointer}/x-kubernetes-preserve-unknown-fields`, message: 'x-kubernetes-preserve-unknown-fields must be false with x-kubernetes-int-or-string' });
  if (embedded && !preserve && Object.keys(asObject(schema.properties) ?? {}).length === 0) {
    out.push({ pointer: `${pointer}/properties`, message: 'x-kubernetes-embedded-resource without x-kubernetes-preserve-unknown-fields needs properties' });
  }
  if (embedded && isObject(schema.additionalProperties)) out.push({ pointer: `${pointer}/additionalProperties`, message: 'additionalProperties must not be used with x-kubernetes-embedded-resource' });
  const properties = asObject(schema.properties);
  if (properties !== undefined) {
    for (const [name, child] of Object.entries(properties)) {
      if (!isObject(child)) continue;
      walkSchema(out, { schema: child, pointer: `${pointer}/properties/${key(name)}`, level: 'field', inResourceMeta: node.inResourceMeta || (level === 'root' && ['metadata', 'apiVersion', 'kind'].includes(name)) });
    }
  }
  if (isObject(schema.additionalProperties)) walkSchema(out, { schema: schema.additionalProperties, pointer: `${pointer}/additionalProperties`, level: 'field', inResourceMeta: node.inResourceMeta });
  if (isObject(schema.items)) walkSchema(out, { schema: schema.items, pointer: `${pointer}/items`, level: 'item', inResourceMeta: node.inResourceMeta });
}

/** What ValidateCustomResourceDefinitionOpenAPISchema and the structural-schema checks refuse on one node. */
function validateKeywords(out: Findings, node: Node): void {
  const { schema, pointer } = node;
  const type = schema.type;
  if (typeof type === 'string' && type !== '') {
    if (type === 'null') out.push({ pointer: `${pointer}/type`, message: 'type cannot be null: use nullable: true' });
    else if (!schemaTypes.includes(type)) out.push({ pointer: `${pointer}/type`, message: `type "${shown(type)}" is not an OpenAPI type: use ${orList(schemaTypes)}` });
  }
  for (const [field, what] of [['$ref', '$ref'], ['id', 'id'], ['additionalItems', 'additionalItems'], ['patternProperties', 'patternProperties'], ['definitions', 'definitions'], ['dependencies', 'dependencies']] as const) {
    if (schema[field] !== undefined) out.push({ pointer: `${pointer}/${key(field)}`, message: `${what} is not supported in a CRD schema` });
  }
  if (Array.isArray(schema.items)) out.push({ pointer: `${pointer}/items`, message: 'items must be one schema, not a list' });
  if (schema.uniqueItems === true) out.push({ pointer: `${pointer}/uniqueItems`, message: 'uniqueItems cannot be true in a CRD schema (its check is quadratic); use x-kubernetes-list-type: set' });
  const properties = asObject(schema.properties);
  const additional = schema.additionalProperties;
  if (properties !== undefined && Object.keys(properties).length > 0 && (additional === false || isObject(additional))) {
    out.push({ pointer: `${pointer}/additionalProperties`, message: 'additionalProperties and properties exclude each other: properties are for a struct, additionalProperties for a map' });
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] === false) out.push({ pointer: `${pointer}/x-kubernetes-preserve-unknown-fields`, message: 'x-kubernetes-preserve-unknown-fields must be true or left out' });
  if (node.inResourceMeta && schema['x-kubernetes-embedded-resource'] === true) out.push({ pointer: `${pointer}/x-kubernetes-embedded-resource`, message: 'x-kubernetes-embedded-resource must not be used inside metadata' });
  if (schema.default !== undefined && node.inResourceMeta) out.push({ pointer: `${pointer}/default`, message: 'a default must not be set in the top-level metadata, apiVersion or kind' });
  else if (schema.default !== undefined) validateDefault(out, schema, `${pointer}/default`);
  const pattern = schema.pattern;
  if (typeof pattern === 'string' && pattern !== '') {
    const refused = re2Refusal(pattern);
    if (refused !== undefined) out.push({ pointer: `${pointer}/pattern`, message: `pattern "${shown(pattern)}" is not a valid RE2 regular expression: ${refused}` });
    else if (regexProblem(pattern) === undefined && !compiles(pattern)) out.push({ pointer: `${pointer}/pattern`, message: `pattern "${shown(pattern)}" is not a valid regular expression` });
  }
  validateJunctors(out, schema, pointer);
  validateListAndMapTypes(out, schema, pointer);
  validateRules(out, schema, pointer);
}

/**
 * What Go's regexp (RE2 syntax) refuses that a JavaScript RegExp accepts: lookaround groups and
 * a backreference (a single digit after a backslash).
 */
function re2Refusal(pattern: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) && !/[0-9]/.test(pattern[i + 2] ?? '')) return `\\${next} (RE2 has no backreferences)`;
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') i++;
      if (pattern[i + 1] === ']') i++;
    } else if (c === '(' && pattern[i + 1] === '?' && (pattern[i + 2] === '=' || pattern[i + 2] === '!' || (pattern[i + 2] === '<' && (pattern[i + 3] === '=' || pattern[i + 3] === '!')))) {
      return 'a lookahead or lookbehind (RE2 has none)';
    }
  }
  return undefined;
}

const isIntOrStringPair = (branches: unknown): boolean =>
  Array.isArray(branches) && branches.length === 2 && isObject(branches[0]) && isObject(branches[1]) &&
  Object.keys(branches[0]).length === 1 && branches[0].type === 'integer' && Object.keys(branches[1]).length === 1 && branches[1].type === 'string';

/**
 * Inside allOf, anyOf, oneOf and not, a structural schema only validates values: it declares no
 * type, default, title, description, nullable, Kubernetes extensions, additionalProperties, or
 * metadata (validateNestedValueValidation). The int-or-string pattern anyOf [integer, string]
 * (also first in an allOf) is the exception.
 */
function validateJunctors(out: Findings, schema: Json, pointer: string): void {
  const skipAnyOf = isIntOrStringPair(schema.anyOf);
  for (const junctor of ['allOf', 'anyOf', 'oneOf']) {
    if (junctor === 'anyOf' && skipAnyOf) continue;
    (asArray(schema[junctor]) ?? []).forEach((branch, index) => {
      if (!isObject(branch)) return;
      const skipNested = junctor === 'allOf' && index === 0 && isIntOrStringPair(branch.anyOf);
      validateNested(out, branch, `${pointer}/${junctor}/${index}`, skipNested);
    });
  }
  if (isObject(schema.not)) validateNested(out, schema.not, `${pointer}/not`, false);
}

const nestedForbidden: ReadonlyArray<[string, (value: unknown) => boolean]> = [
  ['type', (value) => typeof value === 'string' && value !== ''],
  ['default', (value) => value !== undefined && value !== null],
  ['title', (value) => typeof value === 'string' && value !== ''],
  ['description', (value) => typeof value === 'string' && value !== ''],
  ['nullable', (value) => value === true],
  ['x-kubernetes-preserve-unknown-fields', (value) => value === true],
  ['x-kubernetes-embedded-resource', (value) => value === true],
  ['x-kubernetes-int-or-string', (value) => value === true],
  ['x-kubernetes-list-map-keys', (value) => Array.isArray(value) && value.length > 0],
  ['x-kubernetes-list-type', (value) => value !== undefined && value !== null],
  ['x-kubernetes-map-type', (value) => value !== undefined && value !== null],
  ['x-kubernetes-validations', (value) => Array.isArray(value) && value.length > 0],
  ['additionalProperties', (value) => value !== undefined && value !== null],
];

function validateNested(out: Findings, schema: Json, pointer: string, skipAnyOf: boolean): void {
  for (const [field, present] of nestedForbidden) {
    if (present(schema[field])) out.push({ pointer: `${pointer}/${field}`, message: `${field} cannot be set inside allOf, anyOf, oneOf or not of a structural schema: declare it on the field itself` });
  }
  const properties = asObject(schema.properties);
  if (properties?.metadata !== undefined) out.push({ pointer: `${pointer}/properties/metadata`, message: 'metadata cannot be constrained inside allOf, anyOf, oneOf or not' });
  for (const [name, child] of Object.entries(properties ?? {})) if (isObject(child)) validateNested(out, child, `${pointer}/properties/${key(name)}`, false);
  if (isObject(schema.items)) validateNested(out, schema.items, `${pointer}/items`, false);
  for (const junctor of ['allOf', 'anyOf', 'oneOf']) {
    if (junctor === 'anyOf' && skipAnyOf) continue;
    (asArray(schema[junctor]) ?? []).forEach((branch, index) => {
      if (isObject(branch)) validateNested(out, branch, `${pointer}/${junctor}/${index}`, false);
    });
  }
  if (isObject(schema.not)) validateNested(out, schema.not, `${pointer}/not`, false);
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function validateListAndMapTypes(out: Findings, schema: Json, pointer: string): void {
  const type = asString(schema.type) ?? '';
  const mapType = schema['x-kubernetes-map-type'];
  if (typeof mapType === 'string') {
    if (type !== 'object') out.push({ pointer: `${pointer}/type`, message: 'x-kubernetes-map-type needs type: object' });
    if (!mapTypes.includes(mapType)) out.push({ pointer: `${pointer}/x-kubernetes-map-type`, message: `x-kubernetes-map-type "${shown(mapType)}" must be ${orList(mapTypes)}` });
  }
  const listType = typeof schema['x-kubernetes-list-type'] === 'string' ? schema['x-kubernetes-list-type'] : undefined;
  const keys = (asArray(schema['x-kubernetes-list-map-keys']) ?? []).filter((entry): entry is string => typeof entry === 'string');
  const items = asObject(schema.items);
  if (listType !== undefined && type !== 'array') out.push({ pointer: `${pointer}/type`, message: 'x-kubernetes-list-type needs type: array' });
  else if (listType === 'set' && items !== undefined) {
    if (items.type === 'array' && typeof items['x-kubernetes-list-type'] === 'string' && items['x-kubernetes-list-type'] !== 'atomic') {
      out.push({ pointer: `${pointer}/items/x-kubernetes-list-type`, message: 'the items of an x-kubernetes-list-type: set list must be atomic' });
    } else if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      out.push({ pointer: `${pointer}/items/x-kubernetes-map-type`, message: 'object items of an x-kubernetes-list-type: set list must be x-kubernetes-map-type: atomic' });
    }
  }
  if (listType !== undefined && !listTypes.includes(listType)) out.push({ pointer: `${pointer}/x-kubernetes-list-type`, message: `x-kubernetes-list-type "${shown(listType)}" must be ${orList(listTypes)}` });
  if (keys.length > 0 && listType !== 'map') out.push({ pointer: `${pointer}/x-kubernetes-list-type`, message: 'x-kubernetes-list-map-keys needs x-kubernetes-list-type: map' });
  if (listType === 'map') {
    if (keys.length === 0) out.push({ pointer: `${pointer}/x-kubernetes-list-map-keys`, message: 'x-kubernetes-list-type: map needs x-kubernetes-list-map-keys' });
    if (items === undefined) out.push({ pointer: `${pointer}/items`, message: 'x-kubernetes-list-type: map needs an items schema' });
    else if (items.type !== 'object') out.push({ pointer: `${pointer}/items/type`, message: 'the items of an x-kubernetes-list-type: map list must be objects' });
    else {
      const itemProperties = asObject(items.properties) ?? {};
      const required = new Set((asArray(items.required) ?? []).filter((entry): entry is string => typeof entry === 'string'));
      const seen = new Set<string>();
      for (const mapKey of keys) {
        const property = asObject(itemProperties[mapKey]);
        if (property === undefined) out.push({ pointer: `${pointer}/x-kubernetes-list-map-keys`, message: `map key "${shown(mapKey)}" is not a property of the items` });
        else {
          if (property.type === 'array' || property.type === 'object') out.push({ pointer: `${pointer}/items/properties/${key(mapKey)}/type`, message: `map key "${shown(mapKey)}" must be of a scalar type` });
          if (!required.has(mapKey) && property.default === undefined) out.push({ pointer: `${pointer}/items/properties/${key(mapKey)}/default`, message: `map key "${shown(mapKey)}" must be required or have a default` });
          if (property.nullable === true) out.push({ pointer: `${pointer}/items/properties/${key(mapKey)}/nullable`, message: `map key "${shown(mapKey)}" cannot be nullable` });
        }
        if (seen.has(mapKey)) out.push({ pointer: `${pointer}/x-kubernetes-list-map-keys`, message: `map key "${shown(mapKey)}" is listed twice` });
        seen.add(mapKey);
      }
    }
  }
  if ((listType === 'set' || listType === 'map') && items?.nullable === true) out.push({ pointer: `${pointer}/items/nullable`, message: `the items of an x-kubernetes-list-type: ${listType} list cannot be nullable` });
}

/** The static parts of x-kubernetes-validations (their CEL is compiled by the API server only). */
function validateRules(out: Findings, schema: Json, pointer: string): void {
  (asArray(schema['x-kubernetes-validations']) ?? []).forEach((entry, index) => {
    const rule = asObject(entry);
    if (rule === undefined) return;
    const at = `${pointer}/x-kubernetes-validations/${index}`;
    const text = (asString(rule.rule) ?? '').trim();
    const message = asString(rule.message) ?? '';
    if (text === '') out.push({ pointer: `${at}/rule`, message: 'a validation rule needs a rule' });
    else if (message.length > 0 && message.trim() === '') out.push({ pointer: `${at}/message`, message: 'message must not be blank' });
    else if (/[\n\r]/.test(message.trim())) out.push({ pointer: `${at}/message`, message: 'message must not contain line breaks' });
    else if (/[\n\r]/.test(text) && message.trim() === '') out.push({ pointer: `${at}/message`, message: 'a rule with line breaks needs a message' });
    const messageExpression = asString(rule.messageExpression) ?? '';
    if (messageExpression.length > 0 && messageExpression.trim() === '') out.push({ pointer: `${at}/messageExpression`, message: 'messageExpression must not be blank' });
    for (const [field, expression] of [['rule', text], ['messageExpression', messageExpression.trim()]] as const) {
      const syntax = expression === '' ? undefined : celSyntaxError(expression);
      if (syntax !== undefined) out.push({ pointer: `${at}/${field}`, message: `${field} ${JSON.stringify(expression.length > 60 ? `${expression.slice(0, 60)}…` : expression)} is not valid CEL: ${syntax}` });
    }
    const reason = rule.reason;
    if (typeof reason === 'string' && !validationReasons.includes(reason)) out.push({ pointer: `${at}/reason`, message: `reason "${shown(reason)}" must be ${orList(validationReasons)}` });
    const fieldPath = asString(rule.fieldPath) ?? '';
    if (fieldPath === '') return;
    if (fieldPath.trim() === '') out.push({ pointer: `${at}/fieldPath`, message: 'fieldPath must not be blank' });
    else if (/[\n\r]/.test(fieldPath)) out.push({ pointer: `${at}/fieldPath`, message: 'fieldPath must not contain line breaks' });
    else {
      const segments = fieldPathSegments(fieldPath);
      if (segments === undefined || schemaAt(schema, segments) === undefined) out.push({ pointer: `${at}/fieldPath`, message: `fieldPath "${shown(fieldPath)}" does not name a field under this schema` });
    }
  });
}

/** Parses only: what the CEL grammar refuses whatever the schema (no variables are checked). */
const celParser = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true });
const celSyntax = new Map<string, string | undefined>();

/**
 * The syntax error in a CEL expression, or undefined. Only a parse error counts: the parser
 * read all 286 rules and message expressions of the bundled CRDs and of 37 CRDs in the
 * Kubernetes module tree, which the API server accepts.
 */
function celSyntaxError(expression: string): string | undefined {
  if (celSyntax.has(expression)) return celSyntax.get(expression);
  let problem: string | undefined;
  try {
    celParser.parse(expression);
  } catch (error) {
    if (error instanceof ParseError) problem = (error.message.split('\n')[0] ?? 'a syntax error').trim();
  }
  celSyntax.set(expression, problem);
  return problem;
}

/**
 * A default must be valid against its own schema (structural defaulting, ValidateDefaults).
 * Scalars are checked here; object and list defaults are left to the API server.
 */
function validateDefault(out: Findings, schema: Json, pointer: string): void {
  const value = schema.default;
  const type = asString(schema.type) ?? '';
  // A null default is pruned before it is checked (measured: the API server accepts it even without nullable).
  if (value === null) return;
  if (schema['x-kubernetes-int-or-string'] === true) return;
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value === 'number' ? 'number' : typeof value;
  const fits = type === '' || actual === type || (type === 'number' && actual === 'integer');
  if (!fits) {
    out.push({ pointer, message: `the default ${JSON.stringify(value).slice(0, 40)} is not of the schema's type ${type}` });
    return;
  }
  if (typeof value === 'number') {
    const { minimum, maximum } = schema;
    if (typeof minimum === 'number' && (schema.exclusiveMinimum === true ? value <= minimum : value < minimum)) out.push({ pointer, message: `the default ${value} is below the schema's minimum ${minimum}` });
    if (typeof maximum === 'number' && (schema.exclusiveMaximum === true ? value >= maximum : value > maximum)) out.push({ pointer, message: `the default ${value} is above the schema's maximum ${maximum}` });
  } else if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) out.push({ pointer, message: `the default is longer than the schema's maxLength ${schema.maxLength}` });
    if (typeof schema.minLength === 'number' && length < schema.minLength) out.push({ pointer, message: `the default is shorter than the schema's minLength ${schema.minLength}` });
  }
  const allowed = asArray(schema.enum);
  if (allowed !== undefined && (typeof value !== 'object') && !allowed.includes(value)) out.push({ pointer, message: `the default ${JSON.stringify(value).slice(0, 40)} is not one of the schema's enum values` });
}
