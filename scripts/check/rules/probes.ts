import type { Container, ContainerPort, Probe } from 'kubernetes-types/core/v1.js';
import { joinPointer } from '../../core/pointer.ts';
import { longRunningContainers, podTemplates, podTemplateKinds } from '../pods.ts';
import { asRecord, objectItems } from '../values.ts';
import type { Rule } from '../types.ts';

const probeFields = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;

type MessageId = 'missingReadinessProbe' | 'missingLivenessProbe' | 'probePortNotDeclared';

export const probes: Rule<Record<string, never>, MessageId> = {
  meta: {
    id: 'probes',
    kinds: podTemplateKinds,
    description:
      'Long-running containers (containers and native sidecars of non-Job pods) have readiness and liveness probes, on ports they declare.',
    docs: {
      why: 'Without readiness a pod receives traffic before it can answer and keeps receiving it when it cannot; without liveness a hung process is never restarted. A startup probe only delays the other two, it does not replace them. A probe on a named port the container does not declare never succeeds, and a numbered one that is not declared usually means the port changed and the probe did not. Pods that run to completion (Jobs, CronJobs, bare Pods with restartPolicy Never/OnFailure) and plain init containers are skipped.',
    },
    messages: {
      missingReadinessProbe: 'Container "{{container}}" has no readiness probe.',
      missingLivenessProbe: 'Container "{{container}}" has no liveness probe.',
      probePortNotDeclared: '{{probe}} of "{{container}}" uses port {{port}}, which the container does not declare in ports.',
    },
    optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
    defaultOptions: {},
  },
  check(context) {
    for (const pod of podTemplates(context.object)) {
      if (pod.runsToCompletion) continue;
      for (const ref of longRunningContainers(pod)) {
        const { container } = ref;
        const data = { container: container.name };
        if (asRecord(container.readinessProbe) === undefined) {
          context.report({ at: ref.pointer, messageId: 'missingReadinessProbe', data });
        }
        if (asRecord(container.livenessProbe) === undefined) {
          context.report({ at: ref.pointer, messageId: 'missingLivenessProbe', data });
        }
        for (const field of probeFields) {
          const probe = asRecord(container[field]);
          if (probe === undefined) continue;
          const port = probePort(probe);
          if (port === undefined || declaresPort(container, port.value)) continue;
          context.report({
            at: joinPointer(ref.pointer, field, port.handler, 'port'),
            messageId: 'probePortNotDeclared',
            data: { ...data, probe: field, port: port.value },
          });
        }
      }
    }
  },
};

function probePort(probe: Probe): { handler: string; value: string | number } | undefined {
  for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
    const port = asRecord(probe[handler])?.port;
    if (typeof port === 'string' || typeof port === 'number') return { handler, value: port };
  }
  return undefined;
}

export function declaresPort(container: Container, port: string | number): boolean {
  return objectItems<ContainerPort>(container.ports).some(([declared]) =>
    typeof port === 'number' ? declared.containerPort === port : declared.name === port,
  );
}
