import type { ResourceQuotaSpec } from '@kymaros/plugin-kymaros-common';
import { cpuMillis, formatBytes, formatCpu, quantityBytes } from './quantity';

/**
 * What a source namespace's workloads request from the sandbox quota, in
 * all, counting the LimitRange defaults for containers that set none. The
 * quota bounds limits with the same value (`limits.cpu` as `requests.cpu`),
 * so a caller that passes the larger of summed requests and summed limits
 * also foresees pods refused for their limits.
 */
export interface QuotaNeed {
  cpuMillis: number;
  memoryBytes: number;
  pods: number;
  storageBytes: number;
}

export interface QuotaResolution {
  /** The quota to create (hard values only); absent when the sandbox has none. */
  quota?: ResourceQuotaSpec;
  /** Why the workloads cannot fit, as the run's reason; absent when they fit. */
  shortfall?: string;
}

/** Automatic quotas leave this much room above what the workloads request (rolling updates, a debugging pod). */
const HEADROOM = 1.25;

interface Dimension {
  key: 'cpu' | 'memory' | 'pods' | 'storage';
  need(n: QuotaNeed): number;
  /** The dimension's value in a quota, in the need's unit; undefined when unset. */
  amount(q: ResourceQuotaSpec): number | undefined;
  /** The smallest readable amount at or above `n`. */
  roundUp(n: number): number;
  /** An automatic quota never goes below this, so a sandbox that requests nothing still starts a pod. */
  minimum: number;
  format(n: number): string;
  /** The need as the sentence says it: `6 CPU`, `12Gi memory`. */
  phrase(n: number): string;
}

const GI = 2 ** 30;
const MI = 2 ** 20;
const ceilTo = (n: number, step: number) => Math.ceil(n / step) * step;

const DIMENSIONS: Dimension[] = [
  {
    key: 'cpu',
    need: n => n.cpuMillis,
    amount: q => (q.cpu ? cpuMillis(q.cpu) : undefined),
    roundUp: n => (n <= 1000 ? ceilTo(n, 100) : ceilTo(n, 1000)),
    minimum: 500,
    format: formatCpu,
    phrase: n => `${formatCpu(n)} CPU`,
  },
  {
    key: 'memory',
    need: n => n.memoryBytes,
    amount: q => (q.memory ? quantityBytes(q.memory) : undefined),
    roundUp: n => (n <= GI ? ceilTo(n, 128 * MI) : ceilTo(n, GI)),
    minimum: 512 * MI,
    format: formatBytes,
    phrase: n => `${formatBytes(n)} memory`,
  },
  {
    key: 'pods',
    need: n => n.pods,
    amount: q => q.pods,
    roundUp: Math.ceil,
    minimum: 5,
    format: String,
    phrase: n => `${n} pod${n === 1 ? '' : 's'}`,
  },
  {
    key: 'storage',
    need: n => n.storageBytes,
    amount: q => (q.storage ? quantityBytes(q.storage) : undefined),
    roundUp: n => ceilTo(n, GI),
    minimum: GI,
    format: formatBytes,
    phrase: n => `${formatBytes(n)} storage`,
  },
];

/** `a`, `a and b`, `a, b and c`. */
function listed(items: string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `cpu 4, memory 8Gi`: these dimensions of a quota, as written. */
function written(dims: Dimension[], quota: ResourceQuotaSpec): string {
  return dims.map(d => `${d.key} ${quota[d.key]}`).join(', ');
}

/** `cpu 6, memory 12Gi`: what these dimensions need, rounded up. */
function needed(dims: Dimension[], need: QuotaNeed): string {
  return dims.map(d => `${d.key} ${d.format(d.need(need))}`).join(', ');
}

/** The run's reason: who needs what, above which bound, and the setting to raise. */
function shortfallText(
  source: string,
  short: Dimension[],
  need: QuotaNeed,
  above: string,
  raise: string,
): string {
  return `The workloads of namespace ${source} request ${listed(
    short.map(d => d.phrase(d.need(need))),
  )} in all, above ${above}: raise ${raise} to at least ${needed(short, need)}`;
}

function withValue(
  quota: ResourceQuotaSpec,
  d: Dimension,
  value: number,
): ResourceQuotaSpec {
  return { ...quota, [d.key]: d.key === 'pods' ? value : d.format(value) };
}

/** The quota's hard values: `auto` is how it was sized, not a limit. */
function hardValues(quota: ResourceQuotaSpec): ResourceQuotaSpec | undefined {
  const { auto: _auto, ...hard } = quota;
  return Object.values(hard).some(v => v !== undefined) ? hard : undefined;
}

/**
 * An automatic quota: each dimension the larger of what the test set (the
 * floor) and the need with headroom rounded up, the latter capped by `cap`.
 * A floor the test wrote is kept as written and is not capped: the cap
 * bounds what Kymaros sizes on its own, not what an owner asked for.
 */
function autoQuota(
  floor: ResourceQuotaSpec,
  need: QuotaNeed,
  cap: ResourceQuotaSpec,
  source: string,
): QuotaResolution {
  let quota: ResourceQuotaSpec = {};
  const short: Dimension[] = [];
  for (const d of DIMENSIONS) {
    const set = d.amount(floor);
    const limit = d.amount(cap) ?? Infinity;
    const sized = Math.min(
      Math.max(d.minimum, d.roundUp(d.need(need) * HEADROOM)),
      limit,
    );
    if (set !== undefined && set >= sized)
      quota = { ...quota, [d.key]: floor[d.key] };
    else quota = withValue(quota, d, sized);
    if (d.need(need) > Math.max(set ?? 0, limit)) short.push(d);
  }
  if (!short.length) return { quota };
  return {
    quota,
    shortfall: shortfallText(
      source,
      short,
      need,
      `the automatic quota's cap (kymaros.sandbox.autoQuotaMax: ${written(
        short,
        cap,
      )})`,
      'kymaros.sandbox.autoQuotaMax (or set spec.sandbox.resourceQuota beside auto)',
    ),
  };
}

/** A quota as the test (or configuration) wrote it, and the dimensions it sets below the need. */
function fixedQuota(
  quota: ResourceQuotaSpec | undefined,
  need: QuotaNeed,
  source: string,
): QuotaResolution {
  const hard = quota && hardValues(quota);
  if (!hard) return {};
  const short = DIMENSIONS.filter(d => {
    const set = d.amount(hard);
    return set !== undefined && d.need(need) > set;
  });
  if (!short.length) return { quota: hard };
  return {
    quota: hard,
    shortfall: shortfallText(
      source,
      short,
      need,
      `the sandbox quota (${written(short, hard)})`,
      'spec.sandbox.resourceQuota (or set resourceQuota.auto: true)',
    ),
  };
}

/**
 * The quota of the sandbox of `source`, and whether its workloads fit in
 * it, said before the restore rather than found as pods the quota refuses.
 */
export function resolveSandboxQuota(opts: {
  quota?: ResourceQuotaSpec;
  requested: QuotaNeed;
  cap: ResourceQuotaSpec;
  source: string;
}): QuotaResolution {
  const { quota, requested, cap, source } = opts;
  if (quota?.auto) return autoQuota(quota, requested, cap, source);
  return fixedQuota(quota, requested, source);
}
