import { findRemovedApi } from '../schemas/index.ts';
import { sortApiVersions } from './api-version.ts';
import { closestName, didYouMean } from '../core/did-you-mean.ts';
import type { SchemaFinding } from './finding.ts';
import { apiVersionsOfGroup, apiVersionsServing, kindsServedBy } from './served-kinds.ts';

/**
 * Why a built-in group's apiVersion/kind has no schema in this Kubernetes version: the kind
 * moved (name the served replacement, from the data or the table of well-known moves), the kind
 * is misspelled (name the closest one), or the apiVersion is not served at all.
 */
export function unservedBuiltInKind(
  apiVersion: string,
  group: string,
  kind: string,
  kubernetesVersion: string,
  kinds: Record<string, string>,
): SchemaFinding[] {
  const served = apiVersionsServing(kinds, kind);
  const removed = findRemovedApi(apiVersion, kind);
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
        message: `${apiVersion} ${kind} is not served by Kubernetes ${kubernetesVersion}${removedIn}; ${advice}`,
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
  const groupApiVersions = sortApiVersions(apiVersionsOfGroup(kinds, group), group);
  const servedList = groupApiVersions.length > 0 ? ` (served: ${groupApiVersions.join(', ')})` : '';
  const suggestion = closestName(kind, groupApiVersions.flatMap((candidate) => kindsServedBy(kinds, candidate)));
  const findings: SchemaFinding[] = [
    {
      pointer: '/apiVersion',
      keyword: 'apiVersion',
      message: `${apiVersion} is not served by Kubernetes ${kubernetesVersion}${servedList}`,
      params: { apiVersion, kind, kubernetesVersion },
    },
  ];
  if (suggestion !== undefined) {
    findings.push({
      pointer: '/kind',
      keyword: 'kind',
      message: `unknown kind "${kind}"${didYouMean(suggestion)}`,
      params: { apiVersion, kind, kubernetesVersion, suggestion },
    });
  }
  return findings;
}
