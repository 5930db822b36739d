/** GPU extended resources, as configured per rule (`nvidia.com/gpu`, `nvidia.com/mig-*`, `amd.com/gpu`). */
import { joinPointer } from '../core/pointer.ts';
import { containersOf, type ContainerRef, type PodTemplate } from './pods.ts';
import { asRecord } from './values.ts';

export interface GpuResourceOptions {
  resourceNames: string[];
  resourcePrefixes: string[];
}

export const gpuResourceDefaults: GpuResourceOptions = {
  resourceNames: ['nvidia.com/gpu', 'amd.com/gpu'],
  resourcePrefixes: ['nvidia.com/mig-'],
};

export const gpuResourceSchema = {
  resourceNames: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description: 'Extended resource names that are GPUs.',
  },
  resourcePrefixes: {
    type: 'array',
    items: { type: 'string', minLength: 1 },
    description: 'Prefixes of GPU resource names (MIG slices such as `nvidia.com/mig-1g.10gb`).',
  },
} as const;

export function isGpuResource(name: string, options: GpuResourceOptions): boolean {
  return options.resourceNames.includes(name) || options.resourcePrefixes.some((prefix) => name.startsWith(prefix));
}

export interface GpuRequest {
  ref: ContainerRef;
  resource: string;
  /** `limits` when the container limits it, else `requests`. */
  section: 'limits' | 'requests';
  pointer: string;
  limit: unknown;
  request: unknown;
}

/** Each GPU resource each container names, once, pointing at its limit when there is one. */
export function gpuRequests(pod: PodTemplate, options: GpuResourceOptions): GpuRequest[] {
  const found: GpuRequest[] = [];
  for (const ref of containersOf(pod)) {
    const resources = asRecord(ref.container.resources);
    if (resources === undefined) continue;
    const limits = asRecord(resources.limits) ?? {};
    const requests = asRecord(resources.requests) ?? {};
    for (const resource in limits) {
      if (isGpuResource(resource, options)) found.push(gpuRequest(ref, resource, 'limits', limits, requests));
    }
    for (const resource in requests) {
      if (!Object.hasOwn(limits, resource) && isGpuResource(resource, options)) {
        found.push(gpuRequest(ref, resource, 'requests', limits, requests));
      }
    }
  }
  return found;
}

function gpuRequest(
  ref: ContainerRef,
  resource: string,
  section: 'limits' | 'requests',
  limits: Readonly<Record<string, unknown>>,
  requests: Readonly<Record<string, unknown>>,
): GpuRequest {
  return {
    ref,
    resource,
    section,
    pointer: joinPointer(ref.pointer, 'resources', section, resource),
    limit: limits[resource],
    request: requests[resource],
  };
}
