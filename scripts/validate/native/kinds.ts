import { validateDaemonSet, validateDeployment, validateReplicaSet, validateStatefulSet } from './apps.ts';
import { validateHorizontalPodAutoscaler } from './autoscaling.ts';
import { validateCronJob, validateJob } from './batch.ts';
import { validatePriorityClass, validateRoleBinding, validateRoleRules } from './cluster.ts';
import { crdNameRule, validateCustomResourceDefinition } from './crd.ts';
import { validateClaimSpec, validateConfigMap, validateResourceQuota, validateSecret, validateService } from './core.ts';
import { dns1123Label, dns1123Subdomain, pathSegmentName } from './names.ts';
import { validateIngress, validateNetworkPolicy } from './networking.ts';
import type { NameRule } from './object-meta.ts';
import { validatePod } from './pod-spec.ts';
import { validatePodDisruptionBudget } from './policy.ts';
import { asObject, type Findings, type Json } from './finding.ts';

/** How the API server validates one kind on create: its name rule, its scope, its own checks. */
export interface KindRules {
  nameRule: NameRule;
  /** A name rule that depends on the object itself (a CRD's name is its plural and group). */
  nameRuleOf?: (object: Json) => NameRule;
  namespaced: boolean;
  /** Whether finalizers without a domain are refused (policy/v1 alone lets them through). */
  strictFinalizers?: false;
  validate?: (out: Findings, object: Json) => void;
}

/** The kind's spec, for checks that only look there. */
function onSpec(check: (out: Findings, spec: Json) => void): (out: Findings, object: Json) => void {
  return (out, object) => {
    const spec = asObject(object.spec);
    if (spec !== undefined) check(out, spec);
  };
}

const namespaced = (nameRule: NameRule, validate?: KindRules['validate']): KindRules => ({ nameRule, namespaced: true, validate });
const clusterScoped = (nameRule: NameRule, validate?: KindRules['validate']): KindRules => ({ nameRule, namespaced: false, validate });

/** Keyed `apiVersion kind`. Kinds not listed (custom resources among them) get no native checks. */
export const kindRules: ReadonlyMap<string, KindRules> = new Map([
  ['v1 Namespace', clusterScoped(dns1123Label)],
  // Kubernetes 1.36 accepts any RFC 1123 label as a Service name (it used to want RFC 1035).
  ['v1 Service', namespaced(dns1123Label, onSpec(validateService))],
  ['v1 Pod', namespaced(dns1123Subdomain, onSpec(validatePod))],
  ['v1 ConfigMap', namespaced(dns1123Subdomain, validateConfigMap)],
  ['v1 Secret', namespaced(dns1123Subdomain, validateSecret)],
  ['v1 ServiceAccount', namespaced(dns1123Subdomain)],
  ['v1 PersistentVolumeClaim', namespaced(dns1123Subdomain, onSpec((out, spec) => validateClaimSpec(out, spec, '/spec')))],
  ['v1 ResourceQuota', namespaced(dns1123Subdomain, onSpec(validateResourceQuota))],
  ['v1 LimitRange', namespaced(dns1123Subdomain)],
  ['apps/v1 Deployment', namespaced(dns1123Subdomain, onSpec(validateDeployment))],
  ['apps/v1 ReplicaSet', namespaced(dns1123Subdomain, onSpec(validateReplicaSet))],
  ['apps/v1 DaemonSet', namespaced(dns1123Subdomain, onSpec(validateDaemonSet))],
  // A StatefulSet's name is in its pods' names and hostnames: an RFC 1123 label.
  ['apps/v1 StatefulSet', namespaced(dns1123Label, onSpec(validateStatefulSet))],
  ['batch/v1 Job', namespaced(dns1123Subdomain, validateJob)],
  ['batch/v1 CronJob', namespaced(dns1123Subdomain, validateCronJob)],
  ['autoscaling/v2 HorizontalPodAutoscaler', namespaced(dns1123Subdomain, onSpec(validateHorizontalPodAutoscaler))],
  ['policy/v1 PodDisruptionBudget', { ...namespaced(pathSegmentName, onSpec(validatePodDisruptionBudget)), strictFinalizers: false }],
  ['networking.k8s.io/v1 Ingress', namespaced(dns1123Subdomain, onSpec(validateIngress))],
  ['networking.k8s.io/v1 IngressClass', clusterScoped(dns1123Subdomain)],
  ['networking.k8s.io/v1 NetworkPolicy', namespaced(dns1123Subdomain, onSpec(validateNetworkPolicy))],
  ['scheduling.k8s.io/v1 PriorityClass', clusterScoped(dns1123Subdomain, validatePriorityClass)],
  ['storage.k8s.io/v1 StorageClass', clusterScoped(dns1123Subdomain)],
  // RBAC names only become URL path segments, so almost anything goes.
  ['rbac.authorization.k8s.io/v1 Role', namespaced(pathSegmentName, validateRoleRules)],
  ['rbac.authorization.k8s.io/v1 ClusterRole', clusterScoped(pathSegmentName)],
  ['rbac.authorization.k8s.io/v1 RoleBinding', namespaced(pathSegmentName, (out, object) => validateRoleBinding(out, object, false))],
  // The generic ObjectMeta validation (qualified-name finalizers) with the name <plural>.<group>.
  ['apiextensions.k8s.io/v1 CustomResourceDefinition', { nameRule: dns1123Subdomain, nameRuleOf: crdNameRule, namespaced: false, strictFinalizers: false, validate: validateCustomResourceDefinition }],
  ['rbac.authorization.k8s.io/v1 ClusterRoleBinding', clusterScoped(pathSegmentName, (out, object) => validateRoleBinding(out, object, true))],
]);
