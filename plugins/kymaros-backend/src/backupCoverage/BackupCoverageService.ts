import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeConfig } from '@kubernetes/client-node';
import type {
  BackupCoverage,
  BackupScheduleItem,
} from '@kymaros/plugin-kymaros-common';
import type {
  BackupProvider,
  BackupSchedule,
} from '@kymaros/plugin-kymaros-node';
import type { StoredTest } from '../store/KymarosStore';
import { mapWithConcurrency } from '../util/mapWithConcurrency';
import { withTimeout } from '../run/withTimeout';
import { coverageErrorText } from './coverageErrorText';
import { coverageVerdict, type NewestBackup } from './coverageStatus';
import { providerTitle } from '@kymaros/plugin-kymaros-common';

export interface BackupCoverageServiceOptions {
  clusters: {
    kubeConfig(
      cluster: string,
      options?: { signal?: AbortSignal },
    ): Promise<KubeConfig>;
  };
  providerFactory: {
    create(
      name: string,
      cluster: string,
      kubeConfig: KubeConfig,
    ): BackupProvider;
  };
  logger: LoggerService;
  /** How long reading one cluster (connecting, then one test's schedules and backups) may take. */
  clusterTimeoutMs?: number;
  /** How long what was read is reused: the overview must not hammer clusters. */
  cacheMs?: number;
  /** Tests read at once. */
  concurrency?: number;
  now?: () => Date;
}

/** What was read from a cluster for one set of namespaces, or why it could not be. */
interface ClusterReading {
  schedules?: BackupScheduleItem[];
  newestBackup?: NewestBackup;
  canBackUpNow: boolean;
  /** Why the schedules are unknown. */
  unknown?: string;
  checkedAt: string;
}

interface Cached<T> {
  until: number;
  value: Promise<T>;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_CACHE_MS = 60_000;

function toItem(s: BackupSchedule): BackupScheduleItem {
  const outcome = (o: BackupSchedule['lastSuccess']) =>
    o && {
      name: o.backup,
      at: o.at,
      ...(o.reason ? { reason: o.reason } : {}),
    };
  return {
    provider: s.provider,
    kind: s.kind,
    namespace: s.namespace,
    name: s.name,
    ...(s.cron ? { cron: s.cron } : {}),
    paused: s.paused,
    ...(s.retention ? { retention: s.retention } : {}),
    namespaces: s.namespaces,
    ...(s.lastSuccess ? { lastSuccess: outcome(s.lastSuccess) } : {}),
    ...(s.lastFailure ? { lastFailure: outcome(s.lastFailure) } : {}),
    ...(s.problem ? { problem: s.problem } : {}),
  };
}

/**
 * The backup coverage of restore tests: the provider's schedules for each
 * test's namespaces and the newest backup a restore would use, judged by
 * coverageVerdict. Reads are bounded per cluster and kept for a minute;
 * a cluster or provider that cannot answer gives `unknown` with the reason.
 */
export class BackupCoverageService {
  private readonly readings = new Map<string, Cached<ClusterReading>>();
  private readonly connections = new Map<string, Cached<KubeConfig>>();

  constructor(private readonly options: BackupCoverageServiceOptions) {}

  private get now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private get timeoutMs(): number {
    return this.options.clusterTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** The coverage of each test, in the order given. */
  coverageOfTests(tests: StoredTest[]): Promise<BackupCoverage[]> {
    return mapWithConcurrency(tests, this.options.concurrency ?? 4, test =>
      this.coverageOf(test),
    );
  }

  async coverageOf(test: StoredTest): Promise<BackupCoverage> {
    const spec = test.spec;
    const namespaces = spec?.backupSource.namespaces.map(n => n.name) ?? [];
    const base = {
      entityRef: test.entityRef,
      testId: test.id,
      testName: test.name,
      provider: spec?.backupSource.provider ?? '',
      cluster: test.cluster,
      namespaces,
      ...(spec?.sla?.maxRPO ? { rpoTarget: spec.sla.maxRPO } : {}),
    };
    if (!spec) {
      return {
        ...base,
        status: 'unknown',
        detail: `The restore test's definition is invalid: ${
          test.error ?? 'no spec'
        }`,
        uncovered: [],
        schedules: [],
        checkedAt: this.now.toISOString(),
        canBackUpNow: false,
      };
    }
    const reading = await this.reading(base.provider, test.cluster, namespaces);
    if (reading.unknown !== undefined || !reading.schedules) {
      return {
        ...base,
        status: 'unknown',
        detail: reading.unknown ?? 'The schedules could not be read.',
        uncovered: [],
        schedules: [],
        checkedAt: reading.checkedAt,
        canBackUpNow: reading.canBackUpNow,
      };
    }
    const verdict = coverageVerdict({
      namespaces,
      schedules: reading.schedules,
      newestBackup: reading.newestBackup,
      rpoTarget: spec.sla?.maxRPO,
      now: new Date(reading.checkedAt),
    });
    return {
      ...base,
      ...verdict,
      schedules: reading.schedules,
      checkedAt: reading.checkedAt,
      canBackUpNow: reading.canBackUpNow,
    };
  }

  /** Drops what was read for a cluster, so the next answer reads it again (after an on-demand backup). */
  forget(cluster: string): void {
    for (const key of [...this.readings.keys()])
      if (key.startsWith(`${cluster}\u0000`)) this.readings.delete(key);
  }

  private reading(
    provider: string,
    cluster: string,
    namespaces: string[],
  ): Promise<ClusterReading> {
    const key = [cluster, provider, ...namespaces].join('\u0000');
    return this.cached(this.readings, key, () =>
      this.read(provider, cluster, namespaces),
    );
  }

  /** Reused until it expires; a failure too, so an unreachable cluster is asked once a minute at most. */
  private cached<T>(
    cache: Map<string, Cached<T>>,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = load();
    cache.set(key, {
      until: Date.now() + (this.options.cacheMs ?? DEFAULT_CACHE_MS),
      value,
    });
    return value;
  }

  private async read(
    providerName: string,
    cluster: string,
    namespaces: string[],
  ): Promise<ClusterReading> {
    const checkedAt = this.now.toISOString();
    let canBackUpNow = false;
    try {
      const kubeConfig = await this.connection(cluster);
      let provider: BackupProvider;
      try {
        provider = this.options.providerFactory.create(
          providerName,
          cluster,
          kubeConfig,
        );
      } catch (e) {
        // The test's provider cannot be used here (unsupported, module missing): not the cluster's fault.
        return { canBackUpNow, checkedAt, unknown: coverageErrorText(e) };
      }
      canBackUpNow = typeof provider.createBackup === 'function';
      if (!provider.listSchedules)
        return {
          canBackUpNow,
          checkedAt,
          unknown: `${
            provider.displayName ?? providerTitle(provider.name)
          } cannot list its backup schedules here.`,
        };
      const [schedules, newest] = await withTimeout(
        AbortSignal.timeout(this.timeoutMs * 2),
        this.timeoutMs,
        `Reading the backup schedules of cluster "${cluster}" took over ${this.timeoutMs} ms`,
        signal =>
          Promise.all([
            provider.listSchedules!(namespaces, signal),
            provider.getLatestBackup(namespaces, signal),
          ]),
      );
      const at = newest && (newest.completedAt ?? newest.startedAt);
      return {
        canBackUpNow,
        checkedAt,
        schedules: schedules.map(toItem),
        ...(newest && at ? { newestBackup: { name: newest.name, at } } : {}),
      };
    } catch (e) {
      const reason = coverageErrorText(e);
      this.options.logger.warn(
        `Backup coverage of ${namespaces.join(
          ', ',
        )} in cluster ${cluster} is unknown: ${reason}`,
      );
      return {
        canBackUpNow,
        checkedAt,
        unknown: `Cluster "${cluster}" could not be read: ${reason}`,
      };
    }
  }

  /** One verified connection per cluster while it is cached, not one per test. */
  private connection(cluster: string): Promise<KubeConfig> {
    return this.cached(this.connections, cluster, () =>
      withTimeout(
        AbortSignal.timeout(this.timeoutMs * 2),
        this.timeoutMs,
        `Connecting to cluster "${cluster}" took over ${this.timeoutMs} ms`,
        signal => this.options.clusters.kubeConfig(cluster, { signal }),
      ),
    );
  }
}
