import { findRemovedApi } from '../schemas/removed-apis.ts';
import { groupOf, parseApiVersion, sortApiVersions } from './api-version.ts';
import { closestName, didYouMean } from './did-you-mean.ts';
import { describeValue } from './describe-value.ts';
import type { SchemaFinding } from './finding.ts';
import type { LoadedDocument, SchemaStore } from './schema-store.ts';

/** The schema an object is validated against, or why there is none. */
export type KindResolution =
  | { schema: { loaded: LoadedDocument; definition: string } }
  | { findings: SchemaFinding[] };

const MISSING_SCHEMA_ADVICE = 'add its CRD with npm run schemas -- crd.yaml, or pass --ignore-missing-schemas';

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
    return { findings: builtInKindNotServed(apiVersion, parsed.group, kind, kubernetesVersion, loaded) };
  }
  const loaded = store.crdDocument(key);
  const definition = loaded?.document.kinds[key];
  if (loaded !== undefined && definition !== undefined) return { schema: { loaded, definition } };
  return { findings: customKindNotFound(apiVersion, parsed.group, kind, kubernetesVersion, store) };
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

/** apiVersions (in this document) that serve `kind`. */
function servingApiVersions(kinds: Record<string, string>, kind: string): string[] {
  const suffix = `/${kind}`;
  return Object.keys(kinds)
    .filter((key) => key.endsWith(suffix) && key.split('/').pop() === kind)
    .map((key) => key.slice(0, -suffix.length));
}

function kindsServedBy(kinds: Record<string, string>, apiVersion: string): string[] {
  const prefix = `${apiVersion}/`;
  return Object.keys(kinds)
    .filter((key) => key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))
    .map((key) => key.slice(prefix.length));
}

function builtInKindNotServed(
  apiVersion: string,
  group: string,
  kind: string,
  kubernetesVersion: string,
  loaded: LoadedDocument,
): SchemaFinding[] {
  const kinds = loaded.document.kinds;
  const served = servingApiVersions(kinds, kind);
  const removed = findRemovedApi(apiVersion, kind);
  const notServed = `${apiVersion} ${kind} is not served by Kubernetes ${kubernetesVersion}`;
  if (served.length > 0 || removed !== undefined) {
    const replacement =
      removed?.replacement !== undefined && served.includes(removed.replacement)
        ? removed.replacement
        : sortApiVersions(served, group)[0];
    const removedIn = removed === undefined ? '' : ` (removed in ${removed.removedIn})`;
    const advice = replacement !== undefined ? `use ${replacement}` : (removed?.advice ?? 'it has no replacement');
    return [
      {
        pointer: '/apiVersion',
        keyword: 'apiVersion',
        message: `${notServed}${removedIn}; ${advice}`,
        params: { apiVersion, kind, kubernetesVersion, ...(replacement === undefined ? {} : { replacement }) },
      },
    ];
  }
  const inApiVersion = kindsServedBy(kinds, apiVersion);
  if (inApiVersion.length > 0) {
    const suggestion = closestName(kind, inApiVersion);
    return [
      {
        pointer: '/kind',
        keyword: 'kind',
        message: `unknown kind "${kind}" in ${apiVersion}${didYouMean(suggestion)}`,
        params: { apiVersion, kind, kubernetesVersion, ...(suggestion === undefined ? {} : { suggestion }) },
      },
    ];
  }
  const groupVersions = [...new Set(Object.keys(kinds).map((key) => key.slice(0, key.lastIndexOf('/'))))].filter(
    (candidate) => groupOf(candidate) === group && candidate.includes('/') === (group !== ''),
  );
  const suggestion = closestName(kind, groupVersions.flatMap((candidate) => kindsServedBy(kinds, candidate)));
  const servedList = groupVersions.length > 0 ? ` (served: ${sortApiVersions(groupVersions, group).join(', ')})` : '';
  return [
    {
      pointer: '/apiVersion',
      keyword: 'apiVersion',
      message: `${apiVersion} is not served by Kubernetes ${kubernetesVersion}${servedList}`,
      params: { apiVersion, kind, kubernetesVersion },
    },
    ...(suggestion === undefined
      ? []
      : [
          {
            pointer: '/kind',
            keyword: 'kind',
            message: `unknown kind "${kind}" in ${group}${didYouMean(suggestion)}`,
            params: { apiVersion, kind, kubernetesVersion, suggestion },
          },
        ]),
  ];
}

function customKindNotFound(
  apiVersion: string,
  group: string,
  kind: string,
  kubernetesVersion: string,
  store: SchemaStore,
): SchemaFinding[] {
  const crdKeys = Object.keys(store.crdIndex.kinds);
  const sameGroup = crdKeys.filter((key) => groupOf(key.slice(0, key.lastIndexOf('/'))) === group && key.includes('/'));
  const otherVersions = sameGroup
    .filter((key) => key.slice(key.lastIndexOf('/') + 1) === kind)
    .map((key) => key.slice(0, key.lastIndexOf('/')));
  if (otherVersions.length > 0) {
    const replacement = sortApiVersions(otherVersions, group)[0]!;
    return [
      {
        pointer: '/apiVersion',
        keyword: 'apiVersion',
        message: `${apiVersion} ${kind} is not served by its CustomResourceDefinition; use ${replacement}`,
        params: { apiVersion, kind, replacement },
      },
    ];
  }
  const kindSuggestion = closestName(kind, sameGroup.map((key) => key.slice(key.lastIndexOf('/') + 1)));
  if (kindSuggestion !== undefined) {
    return [
      {
        pointer: '/kind',
        keyword: 'kind',
        message: `unknown kind "${kind}" in ${apiVersion}${didYouMean(kindSuggestion)}`,
        params: { apiVersion, kind, suggestion: kindSuggestion },
      },
    ];
  }
  const builtIn = builtInApiVersionForKind(kind, group, kubernetesVersion, store);
  if (builtIn !== undefined) {
    return [
      {
        pointer: '/apiVersion',
        keyword: 'apiVersion',
        message: `unknown apiVersion "${apiVersion}" for ${kind}${didYouMean(builtIn)}`,
        params: { apiVersion, kind, kubernetesVersion, suggestion: builtIn },
      },
    ];
  }
  return [
    {
      pointer: '',
      keyword: 'missingSchema',
      message: `no schema for ${apiVersion} ${kind} (${MISSING_SCHEMA_ADVICE})`,
      params: { apiVersion, kind },
      missingSchema: true,
    },
  ];
}

/**
 * A built-in apiVersion serving exactly this kind whose group is a near miss of the object's
 * (`app/v1 Deployment`): a typo in a built-in group must not pass as an unknown CRD.
 */
function builtInApiVersionForKind(
  kind: string,
  group: string,
  kubernetesVersion: string,
  store: SchemaStore,
): string | undefined {
  const served = servingApiVersions(store.kubernetesDocument(kubernetesVersion).document.kinds, kind);
  // `core/v1` is how people write the core group, which has no name in apiVersion.
  const nearGroups = served.filter((apiVersion) => {
    const servedGroup = groupOf(apiVersion);
    return servedGroup === '' ? group === 'core' : closestName(group, [servedGroup]) !== undefined;
  });
  return sortApiVersions(nearGroups, group)[0];
}
