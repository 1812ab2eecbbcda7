import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type {
  LevelResult,
  RestoreReport,
  RestoreReportStatus,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';
import { VALIDATION_LEVELS } from '@kymaros/plugin-kymaros-common';
import type { KymarosStore, StoredTest } from '../store/KymarosStore';
import type { KymarosConfig } from '../config/readKymarosConfig';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ProviderFactory } from '../providers/ProviderFactory';
import { runOwnership } from '../ownership/runOwnership';
import { cleanupOutcome } from '../ownership/cleanupRecorded';
import { executeRun, RunDependencies } from './executeRun';
import { saveReport } from '../reports/saveReport';
import { tryParseDuration } from '../util/duration';
import { detectRegression } from '../reports/regression';
import { skipped } from '../scoring/levels';
import { nextRunAt } from '../scheduling/nextRunAt';
import { emptyCompleteness } from '../completeness/compareCompleteness';

/** How long a run holds its test without renewing (renewed every third of it). */
const DEFAULT_LEASE_MS = 60_000;

export interface RestoreRunnerOptions {
  store: KymarosStore;
  clusters: ClusterRegistry;
  /** Runs a test's checks; wired to the check types known to the plugin. */
  runChecks: RunDependencies['runChecks'];
  logger: LoggerService;
  config: KymarosConfig;
  providerFactory: ProviderFactory;
  /** Identifies this backend replica in run leases. */
  owner: string;
  protectedNamespaces: string[];
  /** The run lease (`kymaros.runLease`); a dead replica's runs are reaped after it. */
  leaseMs?: number;
  /** How often a queued run asks for a cluster slot. */
  slotPollMs?: number;
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
 * Runs tests: a run first claims the test in the store (a lease, renewed
 * while it lives, is the only lock: a dead replica's lease simply expires),
 * waits for a free slot in its cluster while holding it, executes, writes the
 * report with its regression check, and records the outcome on the test.
 */
export class RestoreRunner {
  private readonly inFlight = new Map<
    string,
    { controller: AbortController; done: Promise<void> }
  >();
  private stopping = false;

  constructor(private readonly o: RestoreRunnerOptions) {}

  private get leaseMs(): number {
    return this.o.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Claims the test and runs it in the background. Resolves once the claim
   * is decided: true when this call started a run.
   */
  async start(testId: string, triggeredBy: string): Promise<boolean> {
    return (await this.launch(testId, triggeredBy)) !== undefined;
  }

  /** Runs a test to the end in the caller's time (tests and tools); the signal aborts it. */
  async run(
    testId: string,
    triggeredBy: string,
    signal?: AbortSignal,
  ): Promise<void> {
    await (
      await this.launch(testId, triggeredBy, signal)
    )?.done;
  }

  /**
   * The claimed run (its completion wrapped, so that awaiting the claim
   * does not await the run), or undefined when the test was not claimed.
   */
  private async launch(
    testId: string,
    triggeredBy: string,
    signal?: AbortSignal,
  ): Promise<{ done: Promise<void> } | undefined> {
    const test = await this.runnable(testId);
    if (!test) return undefined;
    const runId = `r${randomBytes(5).toString('hex')}`;
    const claim = await this.o.store.tryStartRun(
      this.startRequest(test, runId, triggeredBy),
    );
    if (!claim.started && claim.reason !== 'cluster-busy') {
      this.o.logger.info(`Not running ${testId}: ${claim.reason}`);
      return undefined;
    }
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(signal.reason));
    const done = this.runClaimed(test, runId, claim, controller)
      .catch(e =>
        this.o.logger.error(
          `Run ${runId} of ${testId} failed: ${(e as Error).message}`,
        ),
      )
      .finally(() => this.inFlight.delete(runId));
    this.inFlight.set(runId, { controller, done });
    return { done };
  }

  /** Aborts the runs of this process; each still cleans up and reports. */
  /**
   * Aborts the runs of this process at shutdown. Each still writes its
   * report if it can, but leaves its recorded objects to the reaper: waiting
   * for an unfinished restore to settle could take minutes, longer than any
   * shutdown grace period.
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    const runs = [...this.inFlight.values()];
    runs.forEach(r => r.controller.abort(new Error('the backend is stopping')));
    // Bounded: by now the database may already be closing. A run that does
    // not finish in time keeps its lease until it expires, and is then
    // reported and cleaned up like the run of a crashed backend.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(runs.map(r => r.done)),
      new Promise(resolve => {
        grace = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(grace);
  }

  private async runnable(testId: string): Promise<StoredTest | undefined> {
    const test = await this.o.store.getTest(testId);
    if (!test) {
      this.o.logger.info(
        `Restore test ${testId} no longer exists; nothing to run`,
      );
      return undefined;
    }
    if (!test.spec) {
      this.o.logger.info(
        `Restore test ${testId} is invalid (${test.error}); not running it`,
      );
      return undefined;
    }
    return test;
  }

  private startRequest(test: StoredTest, runId: string, triggeredBy: string) {
    return {
      testId: test.id,
      runId,
      owner: this.o.owner,
      cluster: test.cluster,
      maxConcurrentPerCluster: this.o.config.perClusterConcurrency,
      leaseMs: this.leaseMs,
      triggeredBy,
    };
  }

  private async runClaimed(
    test: StoredTest,
    runId: string,
    claim: { started: boolean; triggeredBy: string },
    controller: AbortController,
  ): Promise<void> {
    let lost = false;
    const renew = setInterval(() => {
      this.o.store
        .renewLease(test.id, runId, this.leaseMs)
        .then(held => {
          // A reaper ended this run (its lease had expired): stop at once.
          if (!held && !lost) {
            lost = true;
            controller.abort(new Error('the run lost its lease'));
          }
        })
        .catch(e =>
          this.o.logger.warn(
            `Could not renew the lease of ${test.id}: ${(e as Error).message}`,
          ),
        );
    }, this.leaseMs / 3);
    try {
      const slot =
        claim.started ||
        (await this.waitForSlot(
          test,
          runId,
          claim.triggeredBy,
          controller.signal,
        ));
      if (!slot) return;
      const { status, incomplete } = await this.execute(
        test,
        runId,
        controller.signal,
      );
      status.triggeredBy = claim.triggeredBy;
      // The reaper that took the lease has reported this run already.
      if (lost)
        this.o.logger.warn(
          `Run ${runId} of ${test.id} lost its lease; its report was written by the reaper`,
        );
      else await this.finish(test, runId, status, incomplete);
    } finally {
      clearInterval(renew);
    }
  }

  private async execute(
    test: StoredTest,
    runId: string,
    signal: AbortSignal,
  ): Promise<{ status: RestoreReportStatus; incomplete: boolean }> {
    const spec = test.spec!;
    const runSignal = AbortSignal.any([
      signal,
      AbortSignal.timeout(this.o.config.timeoutsMs.run),
    ]);
    const providerName = spec.backupSource.provider;
    try {
      const kubeConfig = this.o.clusters.kubeConfig(test.cluster);
      const provider = this.o.providerFactory.create(
        providerName,
        test.cluster,
      );
      const expiresAt = new Date(
        Date.now() +
          (tryParseDuration(spec.sandbox.ttl ?? '') ??
            this.o.config.sandbox.ttlMs),
      );
      return await executeRun(
        {
          testId: test.id,
          testName: test.name,
          entityRef: test.entityRef,
          spec,
          cluster: test.cluster,
        },
        runId,
        {
          kubeConfig,
          provider,
          runChecks: this.o.runChecks,
          onStep: step => {
            this.o.store.updateState(test.id, { step }).catch(() => undefined);
          },
          logger: this.o.logger.child({ test: test.id, run: runId }),
          timeoutsMs: this.o.config.timeoutsMs,
          sandboxExpiresAt: expiresAt,
          // The provider keeps its own objects (restores, backups) in these namespaces.
          protectedNamespaces: [
            ...this.o.protectedNamespaces,
            ...provider.ownedObjects.map(owned => owned.namespace),
          ],
          ...this.ownership(test, runId, kubeConfig, provider, expiresAt),
        },
        runSignal,
      );
    } catch (e) {
      // Nothing was created yet (cluster credentials, unsupported provider): the run still gets a report.
      return {
        status: errorStatus(
          (e as Error).message,
          test.cluster,
          providerName,
          new Date(),
        ),
        incomplete: true,
      };
    }
  }

  private ownership(
    test: StoredTest,
    runId: string,
    kubeConfig: KubeConfig,
    provider: BackupProvider,
    expiresAt: Date,
  ) {
    const owned = runOwnership({
      store: this.o.store,
      kubeConfig,
      provider,
      logger: this.o.logger,
      cluster: test.cluster,
      runId,
      testId: test.id,
      expiresAt,
      settleMs: this.o.config.timeoutsMs.cleanup / 2,
    });
    return {
      ...owned,
      cleanup: async (signal: AbortSignal) =>
        this.stopping
          ? cleanupOutcome([
              'the backend stopped during the run; the reaper removes its sandboxes and restore',
            ])
          : owned.cleanup(signal),
    };
  }

  /** Holds the claimed test until the cluster has a free slot; false when aborted or taken over. */
  private async waitForSlot(
    test: StoredTest,
    runId: string,
    triggeredBy: string,
    signal: AbortSignal,
  ): Promise<boolean> {
    await this.o.store
      .updateState(test.id, {
        step: `waiting for a free slot in cluster ${test.cluster}`,
      })
      .catch(() => undefined);
    while (!signal.aborted) {
      await new Promise(r => setTimeout(r, this.o.slotPollMs ?? 2000));
      const started = await this.o.store.tryStartRun(
        this.startRequest(test, runId, triggeredBy),
      );
      if (started.started) return true;
      if (started.reason !== 'cluster-busy') return false;
    }
    // Released without a report: the run never started.
    await this.o.store.finishRun(test.id, runId, {
      // The phase it had before this claim (never Running: a run is not taken over).
      phase: test.state.phase,
      step: undefined,
    });
    return false;
  }

  private async finish(
    test: StoredTest,
    runId: string,
    status: RestoreReportStatus,
    incomplete: boolean,
  ) {
    let saved: RestoreReport | undefined;
    try {
      const [previous] = await this.o.store.listReports(test.id, 1);
      status.regression = detectRegression(status, previous);
      saved = await saveReport(this.o.store, {
        test,
        runId,
        status,
        createdAt: new Date(),
        historyLimit: test.spec?.historyLimit ?? this.o.config.historyLimit,
        logger: this.o.logger,
      });
    } finally {
      // Whatever happened to the report, the test must not stay Running.
      await this.o.store.finishRun(test.id, runId, {
        phase: incomplete || status.result === 'error' ? 'Failed' : 'Completed',
        step: undefined,
        lastRunAt: status.completedAt,
        lastScore: status.score,
        lastResult: status.result,
        lastReportName: saved?.metadata.name,
        nextRunAt: test.spec ? nextRunAt(test.spec.schedule.cron) : undefined,
      });
    }
    this.o.logger.info(
      `Restore test ${test.id}: ${status.result} ${status.score}/100${
        status.detail ? ` (${status.detail})` : ''
      }`,
    );
  }
}
