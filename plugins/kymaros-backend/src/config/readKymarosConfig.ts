import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type {
  HealthCheckPolicy,
  LimitRangeSpec,
  NetworkIsolation,
  ResourceQuotaSpec,
  SandboxEgressRule,
} from '@kymaros/plugin-kymaros-common';
import { defaultProviderName } from '../providers/builtInProviders';
import { readQuantity, readDurationMs, readWholeNumber } from './configValues';
import { readReportNamespace } from '../reports/reportNamespace';
import { ClusterConfig, readClusters } from './readClusters';
import { readTaskSchedules, TaskSchedules } from './readTaskSchedules';
import { readAutoQuotaMax, readSandboxEgress } from './readSandboxSettings';

export type { ClusterConfig } from './readClusters';
export type { TaskSchedules } from './readTaskSchedules';

export interface KymarosConfig {
  schedule: string;
  provider: string;
  sandbox: {
    namespacePrefix: string;
    networkIsolation: NetworkIsolation;
    ttlMs: number;
    resourceQuota?: ResourceQuotaSpec;
    limitRange: LimitRangeSpec;
    /** Dependencies every test's sandboxes may reach unless the test lists its own; none by default. */
    egress: SandboxEgressRule[];
    /** Whether unfinished Jobs come back runnable in tests that do not say; false by default. */
    runJobs: boolean;
    /** The most an automatic quota (`resourceQuota.auto`) sizes on its own. */
    autoQuotaMax: ResourceQuotaSpec;
  };
  podReadyTimeout: string;
  maxRTO: string;
  /** The backup-age target of tests that set none; none by default. */
  maxRPO?: string;
  historyLimit: number;
  reports: { namespace: string };
  timeoutsMs: {
    sandbox: number;
    restore: number;
    checks: number;
    cleanup: number;
    run: number;
  };
  perClusterConcurrency: number;
  runLeaseMs: number;
  /** Cadences of the catalog follow, the schedule sync and the reaper. */
  schedules: TaskSchedules;
  catalog: { entityTimeoutMs: number; concurrency: number };
  clusters: ClusterConfig[];
  policies: HealthCheckPolicy[];
}

/** Reads `kymaros.*` with the product's defaults; a bad value stops start-up with the key named. */
export function readKymarosConfig(root: Config): KymarosConfig {
  const kymaros = root.getOptionalConfig('kymaros');
  const isolation =
    kymaros?.getOptionalString('sandbox.networkIsolation') ?? 'strict';
  if (isolation !== 'strict' && isolation !== 'group') {
    throw new InputError(
      `kymaros.sandbox.networkIsolation: must be strict or group, got "${isolation}"`,
    );
  }
  const quota = kymaros?.getOptionalConfig('sandbox.resourceQuota');
  const perCluster = readWholeNumber(kymaros, 'concurrency.perCluster', 1);
  const historyLimit = readWholeNumber(kymaros, 'historyLimit', 10);
  const podReadyTimeout = kymaros?.getOptionalString('podReadyTimeout') ?? '2m';
  readDurationMs(kymaros, 'podReadyTimeout', '2m');
  const maxRTO = kymaros?.getOptionalString('maxRTO') ?? '30m';
  readDurationMs(kymaros, 'maxRTO', '30m');
  const maxRPO = kymaros?.getOptionalString('maxRPO');
  if (maxRPO !== undefined) readDurationMs(kymaros, 'maxRPO', maxRPO);
  return {
    // Spread: one shared default minute would start every test at once each night.
    schedule: kymaros?.getOptionalString('schedule') ?? 'H H(1-4) * * *',
    provider: kymaros?.getOptionalString('provider') ?? defaultProviderName,
    sandbox: {
      namespacePrefix:
        kymaros?.getOptionalString('sandbox.namespacePrefix') ?? 'kymaros',
      networkIsolation: isolation,
      ttlMs: readDurationMs(kymaros, 'sandbox.ttl', '2h'),
      resourceQuota: quota
        ? {
            cpu: readQuantity(kymaros, 'sandbox.resourceQuota.cpu'),
            memory: readQuantity(kymaros, 'sandbox.resourceQuota.memory'),
            storage: readQuantity(kymaros, 'sandbox.resourceQuota.storage'),
            pods: quota.getOptionalNumber('pods'),
            auto: quota.getOptionalBoolean('auto'),
          }
        : { cpu: '8', memory: '16Gi', storage: '200Gi', pods: 100 },
      limitRange: {
        defaultCpu: readQuantity(
          kymaros,
          'sandbox.limitRange.defaultCpu',
          '500m',
        ),
        defaultMemory: readQuantity(
          kymaros,
          'sandbox.limitRange.defaultMemory',
          '512Mi',
        ),
        defaultRequestCpu: readQuantity(
          kymaros,
          'sandbox.limitRange.defaultRequestCpu',
          '100m',
        ),
        defaultRequestMemory: readQuantity(
          kymaros,
          'sandbox.limitRange.defaultRequestMemory',
          '128Mi',
        ),
      },
      egress: readSandboxEgress(kymaros),
      runJobs: kymaros?.getOptionalBoolean('sandbox.runJobs') ?? false,
      autoQuotaMax: readAutoQuotaMax(kymaros),
    },
    podReadyTimeout,
    maxRTO,
    ...(maxRPO !== undefined ? { maxRPO } : {}),
    historyLimit,
    reports: { namespace: readReportNamespace(kymaros) },
    timeoutsMs: {
      sandbox: readDurationMs(kymaros, 'timeouts.sandbox', '2m'),
      restore: readDurationMs(kymaros, 'timeouts.restore', '30m'),
      checks: readDurationMs(kymaros, 'timeouts.checks', '10m'),
      cleanup: readDurationMs(kymaros, 'timeouts.cleanup', '5m'),
      run: readDurationMs(kymaros, 'timeouts.run', '2h'),
    },
    perClusterConcurrency: perCluster,
    runLeaseMs: readDurationMs(kymaros, 'runLease', '60s'),
    schedules: readTaskSchedules(kymaros),
    catalog: {
      entityTimeoutMs: readDurationMs(kymaros, 'catalog.entityTimeout', '10s'),
      concurrency: readWholeNumber(kymaros, 'catalog.concurrency', 8),
    },
    clusters: readClusters(root),
    policies: (
      kymaros?.getOptionalConfigArray('healthCheckPolicies') ?? []
    ).map(policy => ({
      name: policy.getString('name'),
      checks: policy.get('checks') as any,
    })),
  };
}
