/** `apps/v1` -> {group: 'apps', version: 'v1'}; `v1` -> core group ''. Undefined when malformed. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } | undefined {
  const parts = apiVersion.split('/');
  if (parts.length === 1 && parts[0] !== '') return { group: '', version: parts[0]! };
  if (parts.length === 2 && parts[0] !== '' && parts[1] !== '') return { group: parts[0]!, version: parts[1]! };
  return undefined;
}

export function groupOf(apiVersion: string): string {
  return parseApiVersion(apiVersion)?.group ?? '';
}

const versionPattern = /^v(\d+)(?:(alpha|beta)(\d+))?$/;
const stabilityRank: Record<string, number> = { '': 2, beta: 1, alpha: 0 };

/**
 * Kubernetes' version priority, highest first: GA before beta before alpha, then by number
 * (v2 > v1 > v2beta2 > v1beta1 > v1alpha1); versions of another shape sort last by name.
 */
export function compareVersionPriority(a: string, b: string): number {
  const ma = versionPattern.exec(a);
  const mb = versionPattern.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  return (
    stabilityRank[mb[2] ?? '']! - stabilityRank[ma[2] ?? '']! ||
    Number(mb[1]) - Number(ma[1]) ||
    Number(mb[3] ?? 0) - Number(ma[3] ?? 0)
  );
}

/** Sorts apiVersions best first: the given group before others, then by version priority. */
export function sortApiVersions(apiVersions: readonly string[], preferredGroup: string): string[] {
  return [...apiVersions].sort((a, b) => {
    const pa = parseApiVersion(a);
    const pb = parseApiVersion(b);
    const groupOrder = Number(pb?.group === preferredGroup) - Number(pa?.group === preferredGroup);
    return groupOrder || compareVersionPriority(pa?.version ?? a, pb?.version ?? b) || (a < b ? -1 : a > b ? 1 : 0);
  });
}
