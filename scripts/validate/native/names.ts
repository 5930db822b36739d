/**
 * The name and key syntaxes the API server checks by hand (k8s.io/apimachinery/pkg/util/validation).
 * Each function returns what rule the value breaks, in words a person can act on, or undefined.
 */

import { BoundedMemo } from '../../core/bounded-memo.ts';

const subdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedNamePattern = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const portNamePattern = /^[-a-z0-9]+$/;
const configKeyPattern = /^[-._a-zA-Z0-9]+$/;

const subdomainRule = "an RFC 1123 subdomain: at most 253 characters, lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit";
const labelRule = "an RFC 1123 label: at most 63 characters, lowercase letters, digits and '-', starting and ending with a letter or digit";
const dns1035Rule = "an RFC 1035 label: at most 63 characters, lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
const qualifiedRule =
  "a qualified name: an optional RFC 1123 subdomain prefix and '/', then at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";

export function dns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return `must be ${subdomainRule} (this one has ${value.length} characters)`;
  return subdomainPattern.test(value) ? undefined : `must be ${subdomainRule}`;
}

export function dns1123Label(value: string): string | undefined {
  if (value.length > 63) return `must be ${labelRule} (this one has ${value.length} characters)`;
  return dns1123LabelPattern.test(value) ? undefined : `must be ${labelRule}`;
}

export function dns1035Label(value: string): string | undefined {
  if (value.length > 63) return `must be ${dns1035Rule} (this one has ${value.length} characters)`;
  return dns1035LabelPattern.test(value) ? undefined : `must be ${dns1035Rule}`;
}

/**
 * Values already found valid: label keys and values, annotation keys and selector keys repeat on
 * nearly every object, and each check is a regular expression or two. Only valid values are
 * remembered (a problem is worked out again, it is rare). A qualified name is at most 317
 * characters (a 253-character prefix, `/`, 63 for the name); a label value at most 63.
 */
const validQualifiedNames = new BoundedMemo<true>(4096, 317);
const validLabelValues = new BoundedMemo<true>(4096, 63);

/** Label and annotation keys, finalizers, selector keys: `[prefix/]name`. */
export function qualifiedName(value: string): string | undefined {
  if (validQualifiedNames.get(value) === true) return undefined;
  const problem = qualifiedNameProblem(value);
  if (problem === undefined) validQualifiedNames.remember(value, true);
  return problem;
}

function qualifiedNameProblem(value: string): string | undefined {
  const slash = value.indexOf('/');
  const name = slash < 0 ? value : value.slice(slash + 1);
  if (slash >= 0) {
    const prefix = value.slice(0, slash);
    if (prefix.length === 0 || name.includes('/')) return `must be ${qualifiedRule}`;
    if (dns1123Subdomain(prefix) !== undefined) return `must be ${qualifiedRule}; its prefix "${shown(prefix)}" is not an RFC 1123 subdomain`;
  }
  if (name.length === 0) return `must be ${qualifiedRule}; the name part is empty`;
  if (name.length > 63) return `must be ${qualifiedRule}; the name part has ${name.length} characters`;
  return qualifiedNamePattern.test(name) ? undefined : `must be ${qualifiedRule}`;
}

/** A label value: empty, or at most 63 characters of the qualified-name alphabet. */
export function labelValue(value: string): string | undefined {
  if (validLabelValues.get(value) === true) return undefined;
  if (value.length > 63) return `a label value must have at most 63 characters (this one has ${value.length})`;
  if (value.length === 0 || qualifiedNamePattern.test(value)) {
    validLabelValues.remember(value, true);
    return undefined;
  }
  return "a label value must be empty or consist of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
}

/** IANA_SVC_NAME (RFC 6335): what a named container port may be called. */
export function ianaServiceName(value: string): string | undefined {
  const rule = "must be an IANA_SVC_NAME: 1 to 15 lowercase letters, digits and '-', at least one letter, no leading, trailing or doubled '-'";
  if (value.length < 1 || value.length > 15) return `${rule} (this one has ${value.length} characters)`;
  if (!portNamePattern.test(value) || !/[a-z]/.test(value)) return rule;
  if (value.startsWith('-') || value.endsWith('-') || value.includes('--')) return rule;
  return undefined;
}

/** A ConfigMap or Secret key, and a key a volume or env var picks from one. */
export function configMapKey(value: string): string | undefined {
  const rule = "must be a valid ConfigMap or Secret key: at most 253 letters, digits, '-', '_' and '.', not '.' or '..' and not starting with '..'";
  if (value.length > 253) return `${rule} (this one has ${value.length} characters)`;
  if (!configKeyPattern.test(value)) return rule;
  if (value === '.' || value === '..' || value.startsWith('..')) return rule;
  return undefined;
}

/**
 * Environment variable names, as Kubernetes 1.33 and later accept them (the relaxed rule that
 * replaced the C-identifier one): printable ASCII other than '='.
 */
export function environmentVariableName(value: string): string | undefined {
  if (value.length === 0) return undefined;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 32 || code > 126 || code === 61) return "an environment variable name must consist of printable ASCII characters other than '='";
  }
  return undefined;
}

/** Names of RBAC objects and other path-segment names: anything but '.', '..', '/' and '%'. */
export function pathSegmentName(value: string): string | undefined {
  if (value === '.' || value === '..') return `may not be '${value}'`;
  if (value.includes('/') || value.includes('%')) return "may not contain '/' or '%' (it becomes a URL path segment)";
  return undefined;
}

/** The value as a message shows it: long values cut, so a 300-character name does not flood the report. */
export function shown(value: string): string {
  return value.length > 60 ? `${value.slice(0, 40)}…(${value.length} characters)` : value;
}
