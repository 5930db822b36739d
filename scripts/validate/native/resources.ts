import { qualifiedName, shown } from './names.ts';
import { clearlyGreater, quantityText, quantityValue } from './quantity.ts';
import { asObject, isObject, key, type Findings, type Json } from './finding.ts';

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

/**
 * A container's resources: names a container may request, quantities not negative, each request
 * at most its limit, and extended resources (`vendor.example/gpu`) never overcommitted: the
 * server copies a lone limit into the request, but a request needs its limit, and the same value.
 */
export function validateContainerResources(out: Findings, resources: Json, pointer: string): void {
  const limits = asObject(resources.limits);
  const requests = asObject(resources.requests);
  if (limits !== undefined) checkResourceList(out, limits, `${pointer}/limits`);
  if (requests === undefined) return;
  checkResourceList(out, requests, `${pointer}/requests`);
  let missingLimit = false;
  for (const name in requests) {
    const request = quantityValue(requests[name]);
    const limitText = limits?.[name];
    const limit = quantityValue(limitText);
    const extended = name.includes('/') && !name.includes('kubernetes.io/');
    if (extended) {
      if (limitText === undefined) missingLimit = true;
      else if (request !== undefined && limit !== undefined && request !== limit) {
        out.push({ pointer: `${pointer}/requests/${key(name)}`, message: `the extended resource ${name} cannot be overcommitted: its request must equal its limit (${quantityText(limitText)})` });
      }
    } else if (request !== undefined && limit !== undefined && clearlyGreater(request, limit)) {
      out.push({ pointer: `${pointer}/requests/${key(name)}`, message: `the ${name} request ${quantityText(requests[name])} is above its limit ${quantityText(limitText)}; a request must be at most the limit` });
    }
  }
  if (missingLimit) out.push({ pointer: `${pointer}/limits`, message: 'an extended resource that is requested must also have a limit (extended resources cannot be overcommitted)' });
}

function checkResourceList(out: Findings, list: Json, pointer: string): void {
  for (const name in list) {
    const at = `${pointer}/${key(name)}`;
    if (!name.includes('/')) {
      if (!standardContainerResources.has(name) && !name.startsWith('hugepages-')) {
        out.push({ pointer: at, message: `"${shown(name)}" is not a resource a container can have: use cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-qualified extended resource (example.com/${shown(name)})` });
      }
    } else {
      const problem = qualifiedName(name);
      if (problem !== undefined) out.push({ pointer: at, message: `resource name "${shown(name)}" ${problem}` });
    }
    const value = quantityValue(list[name]);
    if (value !== undefined && value < 0) out.push({ pointer: at, message: `${name} must not be negative (${quantityText(list[name])})` });
  }
}

/** For a PVC's or a volume claim template's resources: storage requested, and more than 0. */
export function validateStorageRequest(out: Findings, spec: Json, pointer: string): void {
  const resources = spec.resources;
  const requests = isObject(resources) ? asObject(resources.requests) : undefined;
  const storage = requests?.storage;
  if (storage === undefined) {
    out.push({ pointer: `${pointer}/resources/requests/storage`, message: 'a PersistentVolumeClaim must request storage (resources.requests.storage)' });
    return;
  }
  const value = quantityValue(storage);
  if (value !== undefined && value <= 0) out.push({ pointer: `${pointer}/resources/requests/storage`, message: `the storage request must be greater than 0, not ${quantityText(storage)}` });
}
