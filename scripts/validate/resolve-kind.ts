import { parseApiVersion } from './api-version.ts';
import { describeValue } from '../core/describe-value.ts';
import type { SchemaFinding } from './finding.ts';
import type { KindSchemaRef } from './schema-path.ts';
import type { SchemaStore } from './schema-store.ts';
import { unknownCustomKind } from './unknown-custom-kind.ts';
import { unservedBuiltInKind } from './unserved-built-in-kind.ts';

/** The schema an object is validated against, or why there is none. */
export type KindResolution = { schema: KindSchemaRef } | { findings: SchemaFinding[] };

/**
 * Finds the schema for an object's apiVersion and kind in one Kubernetes version. Built-in API
 * groups never yield "missing schema": a kind they do not serve there is an error naming the
 * served replacement or the kind that was probably meant.
 */
export function resolveKind(
  object: Record<string, unknown>,
  kubernetesVersion: string,
  store: SchemaStore,
): KindResolution {
  const findings = [...identityFinding(object, 'apiVersion'), ...identityFinding(object, 'kind')];
  if (findings.length > 0) return { findings };
  const apiVersion = object['apiVersion'] as string;
  const kind = object['kind'] as string;
  const parsed = parseApiVersion(apiVersion);
  if (parsed === undefined) {
    return {
      findings: [
        {
          pointer: '/apiVersion',
          keyword: 'apiVersion',
          message: `invalid apiVersion "${apiVersion}": expected group/version such as apps/v1, or v1 for the core group`,
          params: { apiVersion },
        },
      ],
    };
  }
  const key = `${apiVersion}/${kind}`;
  if (store.builtInGroups.has(parsed.group)) {
    const loaded = store.kubernetesDocument(kubernetesVersion);
    const definition = loaded.document.kinds[key];
    if (definition !== undefined) return { schema: { loaded, definition } };
    return { findings: unservedBuiltInKind(apiVersion, parsed.group, kind, kubernetesVersion, loaded.document.kinds) };
  }
  const loaded = store.crdDocument(key);
  const definition = loaded?.document.kinds[key];
  if (loaded !== undefined && definition !== undefined) return { schema: { loaded, definition } };
  const builtInKinds = store.kubernetesDocument(kubernetesVersion).document.kinds;
  return { findings: unknownCustomKind(apiVersion, parsed.group, kind, kubernetesVersion, store.crdIndex.kinds, builtInKinds) };
}

function identityFinding(object: Record<string, unknown>, field: 'apiVersion' | 'kind'): SchemaFinding[] {
  const value = object[field];
  if (value === undefined || value === null || value === '') {
    return [{ pointer: `/${field}`, keyword: 'required', message: `missing required field "${field}"`, params: { missingProperty: field } }];
  }
  if (typeof value !== 'string') {
    return [{ pointer: `/${field}`, keyword: 'type', message: `expected string, got ${describeValue(value)}`, params: { type: 'string' } }];
  }
  return [];
}
