import { pathSegmentName, shown } from './names.ts';
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
    checkEnum(out, subject, 'kind', `/subjects/${index}`, ['ServiceAccount', 'User', 'Group'], 'subject kind');
  });
}
