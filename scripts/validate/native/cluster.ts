import { dns1123Subdomain, pathSegmentName, shown } from './names.ts';
import { asArray, asObject, asString, checkEnum, isObject, type Findings, type Json } from './finding.ts';

/** The priority classes Kubernetes itself creates, the only names allowed to start with system-, and their fixed values. */
const systemPriorityClasses = new Map([
  ['system-node-critical', 2_000_001_000],
  ['system-cluster-critical', 2_000_000_000],
]);
const highestUserPriority = 1_000_000_000;

export function validatePriorityClass(out: Findings, object: Json): void {
  const name = asString(asObject(object.metadata)?.name) ?? '';
  const systemValue = systemPriorityClasses.get(name);
  if (name.startsWith('system-') && systemValue === undefined) {
    out.push({ pointer: '/metadata/name', message: `names starting with system- are reserved for Kubernetes' own priority classes (${[...systemPriorityClasses.keys()].join(', ')})` });
  } else if (systemValue !== undefined && object.value !== systemValue) {
    out.push({ pointer: '/value', message: `the system priority class ${name} has the fixed value ${systemValue}` });
  } else if (!systemPriorityClasses.has(name) && typeof object.value === 'number' && object.value > highestUserPriority) {
    out.push({ pointer: '/value', message: `a user-defined priority may be at most ${highestUserPriority}, not ${object.value}` });
  }
  checkEnum(out, object, 'preemptionPolicy', '', ['PreemptLowerPriority', 'Never'], 'preemptionPolicy');
}

/**
 * RoleBinding and ClusterRoleBinding: the role they grant (a ClusterRoleBinding can only grant a
 * ClusterRole) and subjects of a kind the authorizer knows.
 */
export function validateRoleBinding(out: Findings, object: Json, clusterWide: boolean): void {
  const roleRef = asObject(object.roleRef);
  if (roleRef !== undefined) {
    const kinds = clusterWide ? ['ClusterRole'] : ['Role', 'ClusterRole'];
    checkEnum(out, roleRef, 'kind', '/roleRef', kinds, 'roleRef kind');
    if (typeof roleRef.apiGroup === 'string' && roleRef.apiGroup !== 'rbac.authorization.k8s.io') {
      out.push({ pointer: '/roleRef/apiGroup', message: `roleRef apiGroup must be rbac.authorization.k8s.io, not "${roleRef.apiGroup}"` });
    }
    const name = asString(roleRef.name) ?? '';
    const problem = name === '' ? 'roleRef needs the name of the role' : pathSegmentName(name);
    if (problem !== undefined) out.push({ pointer: '/roleRef/name', message: name === '' ? problem : `role name "${shown(name)}" ${problem}` });
  }
  asArray(object.subjects)?.forEach((subject, index) => {
    if (!isObject(subject)) return;
    const at = `/subjects/${index}`;
    checkEnum(out, subject, 'kind', at, ['ServiceAccount', 'User', 'Group'], 'subject kind');
    const apiGroup = asString(subject.apiGroup) ?? '';
    if (subject.kind === 'ServiceAccount') {
      if (apiGroup !== '') out.push({ pointer: `${at}/apiGroup`, message: `a ServiceAccount subject is in the core API group: apiGroup must be empty, not "${apiGroup}"` });
      const name = asString(subject.name) ?? '';
      const problem = name === '' ? undefined : dns1123Subdomain(name);
      if (problem !== undefined) out.push({ pointer: `${at}/name`, message: `ServiceAccount name "${shown(name)}" ${problem}` });
    } else if ((subject.kind === 'User' || subject.kind === 'Group') && apiGroup !== '' && apiGroup !== 'rbac.authorization.k8s.io') {
      out.push({ pointer: `${at}/apiGroup`, message: `a ${subject.kind} subject's apiGroup is rbac.authorization.k8s.io, not "${apiGroup}"` });
    }
  });
}

/** A Role's rules: verbs, and for resource rules the API groups and resources; URLs are cluster-wide only. */
export function validateRoleRules(out: Findings, object: Json): void {
  asArray(object.rules)?.forEach((rule, index) => {
    if (!isObject(rule)) return;
    const at = `/rules/${index}`;
    if ((asArray(rule.verbs)?.length ?? 0) === 0) out.push({ pointer: `${at}/verbs`, message: 'a rule needs at least one verb (get, list, watch, create, …)' });
    if ((asArray(rule.nonResourceURLs)?.length ?? 0) > 0) {
      out.push({ pointer: `${at}/nonResourceURLs`, message: 'a Role is namespaced: only a ClusterRole can grant non-resource URLs' });
      return;
    }
    if ((asArray(rule.apiGroups)?.length ?? 0) === 0) out.push({ pointer: `${at}/apiGroups`, message: 'a resource rule needs at least one API group ("" is the core group)' });
    if ((asArray(rule.resources)?.length ?? 0) === 0) out.push({ pointer: `${at}/resources`, message: 'a resource rule needs at least one resource' });
  });
}
