import { ianaServiceName } from './names.ts';
import { asArray, asObject, checkEnum, checkNonNegative, isObject, type Findings, type Json } from './finding.ts';

const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/**
 * A liveness, readiness or startup probe: exactly one handler, counts not negative, a success
 * threshold of 1 where only 1 makes sense, and a port the handler can reach.
 */
export function validateProbe(out: Findings, probe: Json, pointer: string, kind: string): void {
  const successMustBeOne = kind !== 'readinessProbe';
  let count = 0;
  for (const handler of handlers) if (isObject(probe[handler])) count++;
  if (count === 0) out.push({ pointer, message: 'a probe needs exactly one handler: exec, httpGet, tcpSocket or grpc; it has none' });
  else if (count > 1) out.push({ pointer, message: `a probe needs exactly one handler: exec, httpGet, tcpSocket or grpc; it has ${count}` });
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) checkNonNegative(out, probe, field, pointer);
  const success = probe.successThreshold;
  if (successMustBeOne && typeof success === 'number' && success > 1) {
    out.push({ pointer: `${pointer}/successThreshold`, message: `successThreshold must be 1 for liveness and startup probes, not ${success}` });
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (grace != null && kind === 'readinessProbe') out.push({ pointer: `${pointer}/terminationGracePeriodSeconds`, message: 'a readiness probe never kills the container: terminationGracePeriodSeconds does not apply' });
  else if (typeof grace === 'number' && grace <= 0) out.push({ pointer: `${pointer}/terminationGracePeriodSeconds`, message: `a probe's terminationGracePeriodSeconds must be greater than 0, not ${grace}` });
  const exec = asObject(probe.exec);
  if (exec !== undefined && (asArray(exec.command)?.length ?? 0) === 0) {
    out.push({ pointer: `${pointer}/exec/command`, message: 'an exec probe needs a command' });
  }
  const httpGet = asObject(probe.httpGet);
  if (httpGet !== undefined) {
    validatePortNumberOrName(out, httpGet.port, `${pointer}/httpGet/port`);
    checkEnum(out, httpGet, 'scheme', `${pointer}/httpGet`, ['HTTP', 'HTTPS'], 'scheme');
  }
  const tcpSocket = asObject(probe.tcpSocket);
  if (tcpSocket !== undefined) validatePortNumberOrName(out, tcpSocket.port, `${pointer}/tcpSocket/port`);
  const grpc = asObject(probe.grpc);
  if (grpc !== undefined) validatePortNumber(out, grpc.port, `${pointer}/grpc/port`);
}

/** A port given as a number (1–65535) or as the IANA_SVC_NAME of a container port. */
export function validatePortNumberOrName(out: Findings, port: unknown, pointer: string): void {
  if (typeof port === 'number') validatePortNumber(out, port, pointer);
  else if (typeof port === 'string') {
    const problem = ianaServiceName(port);
    if (problem !== undefined) out.push({ pointer, message: `port name "${port}" ${problem}` });
  }
}

export function validatePortNumber(out: Findings, port: unknown, pointer: string): void {
  if (typeof port === 'number' && (port < 1 || port > 65535)) out.push({ pointer, message: `port ${port} is out of range: a port number must be between 1 and 65535` });
}
