import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import type {
  LevelResult,
  RestoreReportStatus,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';
import { VALIDATION_LEVELS } from '@kymaros/plugin-kymaros-common';
import type { KymarosStore, StoredTest } from '../store/KymarosStore';
import type { KymarosConfig } from '../config/readKymarosConfig';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ProviderRegistry } from '../providers/ProviderRegistry';
import { executeRun, RunDependencies } from './executeRun';
import { buildReport } from '../reports/buildReport';
import { detectRegression } from '../reports/regression';
import { skipped } from '../scoring/levels';
import { nextRunAt } from '../scheduling/nextRunAt';
import { emptyCompleteness } from '../completeness/compareCompleteness';

const LEASE_MS = 60_000;

export interface RestoreRunnerOptions {
  store: KymarosStore;
  clusters: ClusterRegistry;
  providers: ProviderRegistry;
  /** Runs a test's checks; wired to the check types known to the plugin. */
  runChecks: RunDependencies['runChecks'];
  logger: LoggerService;
  config: KymarosConfig;
  /** `kymaros.providers` configuration, one sub-key per provider. */
  providerConfig?: Config;
  /** Identifies this backend replica in run leases. */
  owner: string;
  protectedNamespaces: string[];
  checkTypes?: Map<string, CheckType>;
}

/** A report for a run that could not start its evaluation at all. */
export function errorStatus(
  detail: string,
  cluster: string,
  provider: string,
  at: Date,
): RestoreReportStatus {
  const validationLevels = Object.fromEntries(
    VALIDATION_LEVELS.map(l => [
      l.key,
      skipped(l.key, `Not evaluated: ${detail}`),
    ]),
  ) as Record<ValidationLevelKey, LevelResult>;
  return {
    score: 0,
    result: 'error',
    startedAt: at.toISOString(),
    completedAt: at.toISOString(),
    rto: { measured: '0s', withinSLA: false, phases: [] },
    backup: { name: '', age: '', size: '' },
    checks: [],
    completeness: emptyCompleteness(),
    validationLevels,
    detail,
    cluster,
    provider,
  };
}

/**
 * Runs one test: takes the test's run lease (one run per test across
 * replicas, bounded runs per cluster), executes it, writes the report with
 * its regression check, and records the outcome on the test.
 */
export class RestoreRunner {
  constructor(private readonly o: RestoreRunnerOptions) {}

  async run(
    testId: string,
    triggeredBy: string,
    signal: AbortSignal,
  ): Promise<void> {
    const test = await this.o.store.getTest(testId);
    if (!test) {
      this.o.logger.info(
        `Restore test ${testId} no longer exists; nothing to run`,
      );
      return;
    }
    if (!test.spec) {
      this.o.logger.info(
        `Restore test ${testId} is invalid (${test.error}); not running it`,
      );
      return;
    }
    const runId = `r${randomBytes(5).toString('hex')}`;
    if (!(await this.acquire(test, runId, signal))) return;
    const renew = setInterval(() => {
      this.o.store
        .renewLease(testId, runId, LEASE_MS)
        .catch(e =>
          this.o.logger.warn(
            `Could not renew the lease of ${testId}: ${(e as Error).message}`,
          ),
        );
    }, LEASE_MS / 3);
    const runTimeout = AbortSignal.timeout(this.o.config.timeoutsMs.run);
    const runSignal = AbortSignal.any([signal, runTimeout]);
    let status: RestoreReportStatus;
    let incomplete = true;
    const providerName = test.spec.backupSource.provider;
    try {
      const kubeConfig = this.o.clusters.kubeConfig(test.cluster);
      const provider = this.o.providers.create(providerName, {
        kubeConfig,
        cluster: test.cluster,
        logger: this.o.logger,
        config: this.providerConfig(providerName, test.cluster),
      });
      const result = await executeRun(
        {
          testId,
          testName: test.name,
          entityRef: test.entityRef,
          spec: test.spec,
          cluster: test.cluster,
        },
        runId,
        {
          kubeConfig,
          provider,
          runChecks: this.o.runChecks,
          onStep: step => {
            this.o.store.updateState(testId, { step }).catch(() => undefined);
          },
          logger: this.o.logger.child({ test: testId, run: runId }),
          timeoutsMs: this.o.config.timeoutsMs,
          sandboxTtlMs: this.o.config.sandbox.ttlMs,
          protectedNamespaces: [
            ...this.o.protectedNamespaces,
            this.o.clusters.get(test.cluster).veleroNamespace,
          ],
        },
        runSignal,
      );
      status = result.status;
      incomplete = result.incomplete;
    } catch (e) {
      // Nothing was created yet (cluster credentials, unsupported provider): the run still gets a report.
      status = errorStatus(
        (e as Error).message,
        test.cluster,
        providerName,
        new Date(),
      );
    } finally {
      clearInterval(renew);
    }
    status.triggeredBy = triggeredBy;
    await this.finish(test, runId, status, incomplete);
  }

  private providerConfig(name: string, cluster: string): Config | undefined {
    const config = this.o.providerConfig?.getOptionalConfig(name);
    if (config) return config;
    if (name !== 'velero') return undefined;
    // The Velero namespace comes from the cluster entry when not configured per provider.
    return new ConfigReader({
      namespace: this.o.clusters.get(cluster).veleroNamespace,
    });
  }

  /** Waits for a free slot in the cluster; gives up when the test already runs elsewhere. */
  private async acquire(
    test: StoredTest,
    runId: string,
    signal: AbortSignal,
  ): Promise<boolean> {
    for (;;) {
      const started = await this.o.store.tryStartRun({
        testId: test.id,
        runId,
        owner: this.o.owner,
        cluster: test.cluster,
        maxConcurrentPerCluster: this.o.config.perClusterConcurrency,
        leaseMs: LEASE_MS,
      });
      if (started.started) return true;
      if (started.reason !== 'cluster-busy') {
        this.o.logger.info(`Not running ${test.id}: ${started.reason}`);
        return false;
      }
      await this.o.store
        .updateState(test.id, {
          step: `waiting for a free slot in cluster ${test.cluster}`,
        })
        .catch(() => undefined);
      await new Promise(r => setTimeout(r, 2000));
      if (signal.aborted) return false;
    }
  }

  private async finish(
    test: StoredTest,
    runId: string,
    status: RestoreReportStatus,
    incomplete: boolean,
  ) {
    const [previous] = await this.o.store.listReports(test.id, 1);
    status.regression = detectRegression(status, previous);
    const report = buildReport({
      testName: test.name,
      entityRef: test.entityRef,
      status,
      createdAt: new Date(),
      runId,
    });
    await this.o.store.insertReport(
      test.id,
      test.entityRef,
      report,
      test.spec?.historyLimit ?? this.o.config.historyLimit,
    );
    await this.o.store.finishRun(test.id, runId, {
      phase: incomplete || status.result === 'error' ? 'Failed' : 'Completed',
      step: undefined,
      lastRunAt: status.completedAt,
      lastScore: status.score,
      lastResult: status.result,
      lastReportName: report.metadata.name,
      nextRunAt: test.spec ? nextRunAt(test.spec.schedule.cron) : undefined,
    });
    this.o.logger.info(
      `Restore test ${test.id}: ${status.result} ${status.score}/100${
        status.detail ? ` (${status.detail})` : ''
      }`,
    );
  }
}
