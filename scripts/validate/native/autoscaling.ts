import { pathSegmentName, shown } from './names.ts';
import { asArray, asObject, asString, checkEnum, isObject, objectAt, type Findings, type Json } from './finding.ts';

const metricTypes: Record<string, string> = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' };

/** autoscaling/v2 HorizontalPodAutoscaler; minReplicas defaults to 1 before these checks. */
export function validateHorizontalPodAutoscaler(out: Findings, spec: Json): void {
  const minReplicas = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  const maxReplicas = spec.maxReplicas;
  if (minReplicas < 1) out.push({ pointer: '/spec/minReplicas', message: `minReplicas must be at least 1, not ${minReplicas}` });
  if (typeof maxReplicas === 'number') {
    if (maxReplicas < 1) out.push({ pointer: '/spec/maxReplicas', message: `maxReplicas must be at least 1, not ${maxReplicas}` });
    else if (maxReplicas < minReplicas) out.push({ pointer: '/spec/maxReplicas', message: `maxReplicas (${maxReplicas}) must be at least minReplicas (${minReplicas})` });
  }
  const target = asObject(spec.scaleTargetRef);
  if (target !== undefined) {
    if ((asString(target.kind) ?? '') === '') out.push({ pointer: '/spec/scaleTargetRef/kind', message: 'scaleTargetRef needs the kind of what it scales' });
    const name = asString(target.name) ?? '';
    const problem = name === '' ? 'scaleTargetRef needs the name of what it scales' : pathSegmentName(name);
    if (problem !== undefined) out.push({ pointer: '/spec/scaleTargetRef/name', message: name === '' ? problem : `scaleTargetRef name "${shown(name)}" ${problem}` });
  }
  asArray(spec.metrics)?.forEach((metric, index) => {
    if (isObject(metric)) validateMetric(out, metric, `/spec/metrics/${index}`);
  });
  const behavior = asObject(spec.behavior);
  if (behavior !== undefined) {
    for (const direction of ['scaleUp', 'scaleDown']) {
      const rules = objectAt(behavior, direction);
      if (rules !== undefined) validateScalingRules(out, rules, `/spec/behavior/${direction}`);
    }
  }
}

function validateMetric(out: Findings, metric: Json, pointer: string): void {
  const type = asString(metric.type);
  if (type === undefined) return;
  const sourceField = metricTypes[type];
  if (sourceField === undefined) {
    checkEnum(out, metric, 'type', pointer, Object.keys(metricTypes), 'metric type');
    return;
  }
  const source = objectAt(metric, sourceField);
  if (source === undefined) {
    out.push({ pointer: `${pointer}/${sourceField}`, message: `a metric of type ${type} needs its ${sourceField} source` });
    return;
  }
  for (const other of Object.values(metricTypes)) {
    if (other !== sourceField && isObject(metric[other])) out.push({ pointer: `${pointer}/${other}`, message: `a metric of type ${type} takes only ${sourceField}, not ${other}` });
  }
  if ((type === 'Resource' || type === 'ContainerResource') && (asString(source.name) ?? '') === '') {
    out.push({ pointer: `${pointer}/${sourceField}/name`, message: 'a resource metric needs the name of the resource (cpu, memory, …)' });
  }
  const metricTarget = asObject(source.target);
  if (metricTarget === undefined) return;
  const at = `${pointer}/${sourceField}/target`;
  checkEnum(out, metricTarget, 'type', at, ['Utilization', 'Value', 'AverageValue'], 'metric target type');
  const utilization = metricTarget.averageUtilization;
  if (typeof utilization === 'number' && utilization < 1) out.push({ pointer: `${at}/averageUtilization`, message: `averageUtilization must be at least 1, not ${utilization}` });
}

function validateScalingRules(out: Findings, rules: Json, pointer: string): void {
  const window = rules.stabilizationWindowSeconds;
  if (typeof window === 'number' && (window < 0 || window > 3600)) {
    out.push({ pointer: `${pointer}/stabilizationWindowSeconds`, message: `stabilizationWindowSeconds must be between 0 and 3600 (one hour), not ${window}` });
  }
  checkEnum(out, rules, 'selectPolicy', pointer, ['Max', 'Min', 'Disabled'], 'selectPolicy');
  asArray(rules.policies)?.forEach((policy, index) => {
    if (!isObject(policy)) return;
    const at = `${pointer}/policies/${index}`;
    checkEnum(out, policy, 'type', at, ['Pods', 'Percent'], 'scaling policy type');
    if (typeof policy.value === 'number' && policy.value <= 0) out.push({ pointer: `${at}/value`, message: `a scaling policy's value must be greater than 0, not ${policy.value}` });
    const period = policy.periodSeconds;
    if (typeof period === 'number' && (period <= 0 || period > 1800)) out.push({ pointer: `${at}/periodSeconds`, message: `periodSeconds must be between 1 and 1800 (half an hour), not ${period}` });
  });
}
