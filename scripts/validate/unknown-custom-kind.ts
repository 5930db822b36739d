import { groupOf, sortApiVersions } from './api-version.ts';
import { closestName, didYouMean } from '../core/did-you-mean.ts';
import type { SchemaFinding } from './finding.ts';
import { apiVersionOfKey, apiVersionsServing, kindOfKey } from './served-kinds.ts';

const MISSING_SCHEMA_ADVICE = 'add its CRD with npm run schemas -- crd.yaml, or pass --ignore-missing-schemas';

/**
 * Why a custom resource has no bundled schema. Only a group/kind nothing bundled knows about is
 * a "missing schema" (which `--ignore-missing-schemas` may skip); a version its CRD does not
 * serve, a near miss of a bundled kind, or a near miss of a built-in group is an error.
 */
export function unknownCustomKind(
  apiVersion: string,
  group: string,
  kind: string,
  kubernetesVersion: string,
  crdKinds: Record<string, string>,
  builtInKinds: Record<string, string>,
): SchemaFinding[] {
  const otherVersions = apiVersionsServing(crdKinds, kind).filter((candidate) => groupOf(candidate) === group);
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
  const groupKinds = Object.keys(crdKinds)
    .filter((key) => groupOf(apiVersionOfKey(key)) === group)
    .map(kindOfKey);
  const kindSuggestion = closestName(kind, groupKinds);
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
  const builtIn = nearBuiltInApiVersion(kind, group, builtInKinds);
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
function nearBuiltInApiVersion(kind: string, group: string, builtInKinds: Record<string, string>): string | undefined {
  const nearGroups = apiVersionsServing(builtInKinds, kind).filter((apiVersion) => {
    const servedGroup = groupOf(apiVersion);
    // `core/v1` is how people write the core group, which has no name in an apiVersion.
    return servedGroup === '' ? group === 'core' : closestName(group, [servedGroup]) !== undefined;
  });
  return sortApiVersions(nearGroups, group)[0];
}
