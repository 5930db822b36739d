import type { KindRules } from './kinds.ts';
import { dns1123Subdomain } from './names.ts';

/**
 * A custom resource, as apiextensions-apiserver validates one on create (customResourceValidator
 * .Validate): its metadata through the generic ValidateObjectMetaAccessor with the RFC 1123
 * subdomain name rule (NameIsDNSSubdomain), finalizers as qualified names only (the domain that
 * the core groups want is a warning here, not a refusal). Everything else a custom resource must
 * satisfy is in its CRD's schema and CEL rules, which the schema stage checks.
 *
 * Its scope is the CRD's, which the object does not say: the namespace is left to the schema
 * stage and the API server (a cluster-scoped resource's namespace is dropped, a namespaced one's
 * is part of the request path).
 */
export const customResourceRules: KindRules = { nameRule: dns1123Subdomain, namespaced: false, strictFinalizers: false };
