import { InputError } from '@backstage/errors';
import type { BackupObject } from '@kymaros/plugin-kymaros-node';
import type { LimitRangeSpec } from '@kymaros/plugin-kymaros-common';
import {
  cpuMillis,
  quantityBytes,
  QUANTITY_EXPECTATION,
} from '../sandbox/quantity';
import { groupOf, subjectOf } from './backupObjectNames';
import { podTemplateOf } from './podTemplates';

/** What a namespace's workloads request in all, as a quota counts it. */
export interface WorkloadRequests {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
  storageBytes: number;
}

type Amounts = { cpuMillis: number; memoryBytes: number };
const resources = [
  { key: 'cpu', field: 'cpuMillis', parse: cpuMillis },
  { key: 'memory', field: 'memoryBytes', parse: quantityBytes },
] as const;

function quantity(
  value: unknown,
  parse: (text: string) => number | undefined,
  what: () => string,
): number {
  if (value === undefined || value === null) return 0;
  const amount = parse(String(value));
  if (amount === undefined)
    throw new InputError(
      `${what()} must be ${QUANTITY_EXPECTATION}, got "${String(value)}"`,
    );
  return amount;
}

/**
 * What a container takes from the sandbox quota, which bounds requests and
 * limits with one value: the larger of its request (its own, else its
 * limit, else the LimitRange's default request, else its default limit) and
 * its limit (its own, else the LimitRange's default limit).
 */
function containerRequest(
  container: any,
  limitRange: LimitRangeSpec | undefined,
  where: string,
): Amounts {
  const defaults = {
    cpu: {
      request: limitRange?.defaultRequestCpu,
      limit: limitRange?.defaultCpu,
    },
    memory: {
      request: limitRange?.defaultRequestMemory,
      limit: limitRange?.defaultMemory,
    },
  };
  const amounts: Amounts = { cpuMillis: 0, memoryBytes: 0 };
  for (const { key, field, parse } of resources) {
    const own = container?.resources?.requests?.[key];
    const limit = container?.resources?.limits?.[key];
    const read = (value: unknown, from?: string) =>
      quantity(value, parse, () =>
        from
          ? `${where} container ${container?.name}: resources.${from}.${key}`
          : `the sandbox's limitRange default for ${key}`,
      );
    const limitFrom = limit !== undefined ? 'limits' : undefined;
    const requested = read(
      own ?? limit ?? defaults[key].request ?? defaults[key].limit,
      own !== undefined ? 'requests' : limitFrom,
    );
    const limited = read(limit ?? defaults[key].limit, limitFrom);
    amounts[field] = Math.max(requested, limited);
  }
  return amounts;
}

const sum = (a: Amounts, b: Amounts): Amounts => ({
  cpuMillis: a.cpuMillis + b.cpuMillis,
  memoryBytes: a.memoryBytes + b.memoryBytes,
});
const max = (a: Amounts, b: Amounts): Amounts => ({
  cpuMillis: Math.max(a.cpuMillis, b.cpuMillis),
  memoryBytes: Math.max(a.memoryBytes, b.memoryBytes),
});
const zero: Amounts = { cpuMillis: 0, memoryBytes: 0 };

/**
 * One pod's effective request, by Kubernetes' rule: the larger of its app
 * containers (plus sidecars) and its heaviest init container (plus the
 * sidecars started before it), plus the pod overhead.
 */
function podRequest(
  spec: any,
  limitRange: LimitRangeSpec | undefined,
  where: string,
): Amounts {
  const request = (c: any) => containerRequest(c, limitRange, where);
  let sidecars = zero;
  let init = zero;
  for (const c of Array.isArray(spec.initContainers)
    ? spec.initContainers
    : []) {
    if (c?.restartPolicy === 'Always') {
      sidecars = sum(sidecars, request(c));
      init = max(init, sidecars);
    } else init = max(init, sum(request(c), sidecars));
  }
  const app = (Array.isArray(spec.containers) ? spec.containers : [])
    .map(request)
    .reduce(sum, sidecars);
  const overhead = containerRequest(
    { resources: { requests: spec.overhead ?? {} } },
    undefined,
    where,
  );
  return sum(max(app, init), overhead);
}

function claimBytes(claim: any, where: string): number {
  return quantity(
    claim?.spec?.resources?.requests?.storage,
    quantityBytes,
    () => `${where}: spec.resources.requests.storage`,
  );
}

/** StatefulSet claims the backup does not hold yet: the StatefulSet will create them. */
function newStatefulSetClaims(
  sts: BackupObject,
  claims: Set<string>,
  replicas: number,
): number {
  let bytes = 0;
  for (const template of sts.body?.spec?.volumeClaimTemplates ?? []) {
    for (let i = 0; i < replicas; i++) {
      const name = `${template?.metadata?.name}-${sts.name}-${i}`;
      if (!claims.has(`${sts.namespace}/${name}`))
        bytes += claimBytes(template, subjectOf(sts));
    }
  }
  return bytes;
}

/**
 * What each source namespace's workloads request once restored: container
 * requests or limits, whichever is larger (the sandbox LimitRange's
 * defaults where they are absent) times the pods each workload runs. Suspended
 * CronJobs count nothing, Jobs only when the test runs them (`runJobs`);
 * storage is every claim's request, plus the claims StatefulSets will add.
 * A quantity that is not one throws, naming the object and field.
 */
export function workloadRequests(
  objects: BackupObject[],
  limitRange?: LimitRangeSpec,
  runJobs = false,
): Record<string, WorkloadRequests> {
  const totals: Record<string, WorkloadRequests> = {};
  const claims = new Set(
    objects
      .filter(o => o.kind === 'PersistentVolumeClaim')
      .map(o => `${o.namespace}/${o.name}`),
  );
  for (const object of objects) {
    const ns = object.namespace;
    if (!ns) continue;
    const total = (totals[ns] ??= {
      cpuMillis: 0,
      memoryBytes: 0,
      pods: 0,
      storageBytes: 0,
    });
    if (
      object.kind === 'PersistentVolumeClaim' &&
      groupOf(object.apiVersion) === ''
    )
      total.storageBytes += claimBytes(object.body, subjectOf(object));
    const template = podTemplateOf(object);
    // An owned ReplicaSet's or Pod's pods are its controller's, counted there.
    if (!template || template.owned || (object.kind === 'Job' && !runJobs))
      continue;
    const pod = podRequest(template.spec, limitRange, subjectOf(object));
    total.cpuMillis += pod.cpuMillis * template.pods;
    total.memoryBytes += pod.memoryBytes * template.pods;
    total.pods += template.pods;
    if (object.kind === 'StatefulSet')
      total.storageBytes += newStatefulSetClaims(object, claims, template.pods);
  }
  return totals;
}
