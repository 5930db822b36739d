import type { Diagnostic } from '../core/diagnostic.ts';
import { environmentOf, type ClusterProfile } from './environments.ts';

/**
 * One diagnostic for a finding that several targets give alike: the same rule, severity,
 * message, object, field and place (a base file rendered into dev, staging and prod). The first
 * is kept, with the environments of all of them when they are more than one; findings that
 * differ in anything but the target stay apart.
 */
export function mergeSameFindings(diagnostics: readonly Diagnostic[], profiles: readonly ClusterProfile[]): Diagnostic[] {
  const byKey = new Map<string, { diagnostic: Diagnostic; environments: Set<string>; applications: Set<string> }>();
  for (const diagnostic of diagnostics) {
    const { ruleId, severity, message, file, line, column, pointer, object } = diagnostic;
    const key = JSON.stringify([ruleId, severity, message, file, line, column, pointer, object?.apiVersion, object?.kind, object?.namespace, object?.name]);
    const environment = environmentOf(diagnostic.target, profiles)?.environment;
    const seen = byKey.get(key);
    if (seen === undefined) {
      byKey.set(key, { diagnostic, environments: new Set(environment === undefined ? [] : [environment]), applications: new Set(diagnostic.applications ?? []) });
    } else {
      if (environment !== undefined) seen.environments.add(environment);
      for (const application of diagnostic.applications ?? []) seen.applications.add(application);
    }
  }
  const order = profiles.map((profile) => profile.environment);
  return [...byKey.values()].map(({ diagnostic, environments, applications }) => {
    const merged = applications.size === 0 ? diagnostic : { ...diagnostic, applications: [...applications].sort() };
    return environments.size > 1 ? { ...merged, environments: [...environments].sort((a, b) => order.indexOf(a) - order.indexOf(b)) } : merged;
  });
}
