import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type {
  HealthCheckPolicy,
  LimitRangeSpec,
  NetworkIsolation,
  ResourceQuotaSpec,
} from '@kymaros/plugin-kymaros-common';
import { tryParseDuration } from '../util/duration';

export interface ClusterConfig {
  name: string;
  url?: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
  kubeconfigPath?: string;
  veleroNamespace: string;
}

export interface KymarosConfig {
  schedule: string;
  provider: string;
  sandbox: {
    namespacePrefix: string;
    networkIsolation: NetworkIsolation;
    ttlMs: number;
    resourceQuota?: ResourceQuotaSpec;
    limitRange: LimitRangeSpec;
  };
  podReadyTimeout: string;
  maxRTO: string;
  historyLimit: number;
  timeoutsMs: {
    sandbox: number;
    restore: number;
    checks: number;
    cleanup: number;
    run: number;
  };
  perClusterConcurrency: number;
  runLeaseMs: number;
  reaper: { intervalMs: number; initialDelayMs: number };
  catalog: { refreshMs: number; entityTimeoutMs: number; concurrency: number };
  clusters: ClusterConfig[];
  policies: HealthCheckPolicy[];
}

function duration(
  config: Config | undefined,
  key: string,
  fallback: string,
): number {
  const text = config?.getOptionalString(key) ?? fallback;
  const ms = tryParseDuration(text);
  if (ms === undefined)
    throw new InputError(
      `kymaros.${key}: invalid duration "${text}" (use e.g. 30s, 5m, 2h)`,
    );
  return ms;
}

function wholeNumber(
  config: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new InputError(`kymaros.${key}: must be a whole number ≥ 1`);
  return value;
}

/** Reads `kymaros.*` with the product's defaults; a bad value stops start-up with the key named. */
export function readKymarosConfig(root: Config): KymarosConfig {
  const c = root.getOptionalConfig('kymaros');
  const isolation =
    c?.getOptionalString('sandbox.networkIsolation') ?? 'strict';
  if (isolation !== 'strict' && isolation !== 'group') {
    throw new InputError(
      `kymaros.sandbox.networkIsolation: must be strict or group, got "${isolation}"`,
    );
  }
  const quota = c?.getOptionalConfig('sandbox.resourceQuota');
  const limits = c?.getOptionalConfig('sandbox.limitRange');
  const perCluster = wholeNumber(c, 'concurrency.perCluster', 1);
  const historyLimit = wholeNumber(c, 'historyLimit', 10);
  const podReadyTimeout = c?.getOptionalString('podReadyTimeout') ?? '2m';
  duration(c, 'podReadyTimeout', '2m');
  const maxRTO = c?.getOptionalString('maxRTO') ?? '30m';
  duration(c, 'maxRTO', '30m');
  return {
    schedule: c?.getOptionalString('schedule') ?? '0 3 * * *',
    provider: c?.getOptionalString('provider') ?? 'velero',
    sandbox: {
      namespacePrefix:
        c?.getOptionalString('sandbox.namespacePrefix') ?? 'kymaros',
      networkIsolation: isolation,
      ttlMs: duration(c, 'sandbox.ttl', '2h'),
      resourceQuota: quota
        ? {
            cpu: quota.getOptionalString('cpu'),
            memory: quota.getOptionalString('memory'),
            storage: quota.getOptionalString('storage'),
            pods: quota.getOptionalNumber('pods'),
          }
        : { cpu: '8', memory: '16Gi', storage: '200Gi', pods: 100 },
      limitRange: {
        defaultCpu: limits?.getOptionalString('defaultCpu') ?? '500m',
        defaultMemory: limits?.getOptionalString('defaultMemory') ?? '512Mi',
        defaultRequestCpu:
          limits?.getOptionalString('defaultRequestCpu') ?? '100m',
        defaultRequestMemory:
          limits?.getOptionalString('defaultRequestMemory') ?? '128Mi',
      },
    },
    podReadyTimeout,
    maxRTO,
    historyLimit,
    timeoutsMs: {
      sandbox: duration(c, 'timeouts.sandbox', '2m'),
      restore: duration(c, 'timeouts.restore', '30m'),
      checks: duration(c, 'timeouts.checks', '10m'),
      cleanup: duration(c, 'timeouts.cleanup', '5m'),
      run: duration(c, 'timeouts.run', '2h'),
    },
    perClusterConcurrency: perCluster,
    runLeaseMs: duration(c, 'runLease', '60s'),
    reaper: {
      intervalMs: duration(c, 'reaper.interval', '1m'),
      initialDelayMs: duration(c, 'reaper.initialDelay', '30s'),
    },
    catalog: {
      refreshMs: duration(c, 'catalog.refreshInterval', '15s'),
      entityTimeoutMs: duration(c, 'catalog.entityTimeout', '10s'),
      concurrency: wholeNumber(c, 'catalog.concurrency', 8),
    },
    clusters: readClusters(root),
    policies: (c?.getOptionalConfigArray('healthCheckPolicies') ?? []).map(
      p => ({ name: p.getString('name'), checks: p.get('checks') as any }),
    ),
  };
}

/** `kymaros.clusters`, or else the Kubernetes plugin's `config` cluster locators. */
function readClusters(root: Config): ClusterConfig[] {
  const own = root.getOptionalConfigArray('kymaros.clusters');
  if (own) {
    return own.map(c => ({
      name: c.getString('name'),
      url: c.getOptionalString('url'),
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      caData: c.getOptionalString('caData'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
      kubeconfigPath: c.getOptionalString('kubeconfigPath'),
      veleroNamespace: c.getOptionalString('veleroNamespace') ?? 'velero',
    }));
  }
  const locators =
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return locators
    .filter(l => l.getOptionalString('type') === 'config')
    .flatMap(l => l.getOptionalConfigArray('clusters') ?? [])
    .map(c => ({
      name: c.getString('name'),
      url: c.getString('url'),
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      caData: c.getOptionalString('caData'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
      veleroNamespace: 'velero',
    }));
}
