import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type {
  KymarosStore,
  OwnedObjectKind,
  StoredTest,
} from '../store/KymarosStore';
import type { KymarosConfig } from '../config/readKymarosConfig';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ProviderFactory } from '../providers/ProviderFactory';
import { runOwnership } from '../ownership/runOwnership';
import { cleanupOutcome } from '../ownership/cleanupRecorded';
import type { ReportFacts } from '../reports/reportFacts';
import {
  type RecordingContext,
  recordFinishedRun,
} from '../reports/recordFinishedRun';
import {
  tryParseDuration,
  type RunEvidence,
} from '@kymaros/plugin-kymaros-common';
import { describeError } from '../util/errors';
import { executeRun, RunDependencies } from './executeRun';
import { WriteGuard } from '../sandbox/WriteGuard';
import { StepReporter } from './StepReporter';
import { ClusterQueue } from './ClusterQueue';
import type { RunChangeListener } from './runSignals';
import type { RunObserver } from './RunObserver';

/** How often the first queued run of a cluster asks for a slot freed on another replica. */
const SLOT_POLL_MS = 2_000;

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
  /** Told of each run this replica recorded (notifications). */
  onRecorded?: RecordingContext['onRecorded'];
  /** Told when a run is claimed, reaches a step (as stored) and ends (its state stored). */
  onRunChange?: RunChangeListener;
  /** Told of runs this replica starts and of their cleanups (events, metrics); must not throw. */
  observer?: Pick<RunObserver, 'runStarted' | 'cleanupFinished'>;
}

interface InFlightRun {
  controller: AbortController;
  /** Set once a renewal found the lease taken by a reaper. */
  lost: boolean;
  done: Promise<void>;
}

/**
 * Runs tests: a run first claims the test in the store (a lease, renewed
 * while it lives, is the only lock: a dead replica's lease simply expires),
 * waits for a free slot in its cluster while holding it, executes, writes the
 * report with its regression check, and records the outcome on the test.
 */
export class RestoreRunner {
  private readonly inFlight = new Map<string, InFlightRun>();
  private readonly queue = new ClusterQueue(SLOT_POLL_MS);
  private readonly renewal: NodeJS.Timeout;
  private stopping = false;

  constructor(private readonly options: RestoreRunnerOptions) {
    this.renewal = setInterval(() => this.renewLeases(), this.leaseMs / 3);
    this.renewal.unref();
  }

  /** The run lease (`kymaros.runLease`); a dead replica's runs are reaped after it. */
  private get leaseMs(): number {
    return this.options.config.runLeaseMs;
  }

  /**
   * Claims the test and runs it in the background. Resolves once the claim
   * is decided: true when this call started a run.
   */
  async start(
    testId: string,
    triggeredBy: string,
    onlyIfRequested = false,
  ): Promise<boolean> {
    return (
      (await this.launch(testId, triggeredBy, undefined, onlyIfRequested)) !==
      undefined
    );
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
    onlyIfRequested = false,
  ): Promise<{ done: Promise<void> } | undefined> {
    const test = await this.runnable(testId);
    if (!test) return undefined;
    const runId = `r${randomBytes(5).toString('hex')}`;
    const claim = await this.options.store.tryStartRun({
      ...this.startRequest(test, runId, triggeredBy),
      onlyIfRequested,
    });
    if (!claim.started && claim.reason !== 'cluster-busy') {
      // A zoned schedule's task fires at times that are not the test's own: routine.
      const log = claim.reason === 'not-due' ? 'debug' : 'info';
      this.options.logger[log](`Not running ${testId}: ${claim.reason}`);
      return undefined;
    }
    const controller = new AbortController();
    signal?.addEventListener('abort', () => controller.abort(signal.reason));
    const run: InFlightRun = {
      controller,
      lost: false,
      done: Promise.resolve(),
    };
    this.inFlight.set(runId, run);
    this.changed('started', testId);
    this.options.observer?.runStarted?.({ test, runId, triggeredBy });
    run.done = this.runClaimed(test, runId, claim, run)
      .catch(e =>
        this.options.logger.error(
          `Run ${runId} of ${testId} failed: ${describeError(e)}`,
        ),
      )
      .finally(() => {
        this.inFlight.delete(runId);
        this.changed('finished', testId);
        // Its slot (or its place) is free: the next queued run asks now.
        this.queue.wake(test.cluster);
      });
    return { done: run.done };
  }

  /**
   * Aborts the runs of this process at shutdown. Each still writes its
   * report if it can, but leaves its recorded objects to the reaper: waiting
   * for an unfinished restore to settle could take minutes, longer than any
   * shutdown grace period.
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopping = true;
    clearInterval(this.renewal);
    const runs = [...this.inFlight.values()];
    runs.forEach(run =>
      run.controller.abort(new Error('the backend is stopping')),
    );
    // Bounded: by now the database may already be closing. A run that does
    // not finish in time keeps its lease until it expires, and is then
    // reported and cleaned up like the run of a crashed backend.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(runs.map(run => run.done)),
      new Promise(resolve => {
        grace = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(grace);
  }

  /** Tells the listener, which may neither delay nor fail a run. */
  private changed(event: Parameters<RunChangeListener>[0], testId: string) {
    try {
      this.options.onRunChange?.(event, testId);
    } catch (e) {
      this.options.logger.warn(
        `Listener of run changes failed for ${testId}: ${describeError(e)}`,
      );
    }
  }

  private async runnable(testId: string): Promise<StoredTest | undefined> {
    const test = await this.options.store.getTest(testId);
    if (!test) {
      this.options.logger.info(
        `Restore test ${testId} no longer exists; nothing to run`,
      );
      return undefined;
    }
    if (!test.spec) {
      this.options.logger.info(
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
      owner: this.options.owner,
      cluster: test.cluster,
      maxConcurrentPerCluster: this.options.config.perClusterConcurrency,
      leaseMs: this.leaseMs,
      triggeredBy,
    };
  }

  /**
   * Renews the leases of all of this replica's runs, queued or running, in
   * one pass; a run whose lease a reaper took stops at once.
   */
  private async renewLeases(): Promise<void> {
    const runs = [...this.inFlight.entries()];
    if (runs.length === 0) return;
    try {
      const held = new Set(
        await this.options.store.renewLeases(
          runs.map(([runId]) => runId),
          this.leaseMs,
        ),
      );
      for (const [runId, run] of runs) {
        if (held.has(runId) || run.lost) continue;
        run.lost = true;
        run.controller.abort(new Error('the run lost its lease'));
      }
    } catch (e) {
      this.options.logger.warn(
        `Could not renew the leases of ${runs.length} run(s): ${describeError(
          e,
        )}`,
      );
    }
  }

  private async runClaimed(
    test: StoredTest,
    runId: string,
    claim: { started: boolean; triggeredBy: string },
    run: InFlightRun,
  ): Promise<void> {
    const { controller } = run;
    const slot =
      claim.started ||
      (await this.waitForSlot(
        test,
        runId,
        claim.triggeredBy,
        controller.signal,
      ));
    if (!slot) return;
    const { facts, provider, evidence } = await this.execute(
      test,
      runId,
      controller.signal,
    );
    // The reaper that took the lease has reported this run already.
    if (run.lost)
      this.options.logger.warn(
        `Run ${runId} of ${test.id} lost its lease; its report was written by the reaper`,
      );
    else
      await recordFinishedRun(
        this.recording,
        {
          test,
          runId,
          facts,
          evidence,
          report: {
            cluster: test.cluster,
            provider,
            triggeredBy: claim.triggeredBy,
          },
        },
        { by: 'runner' },
      );
  }

  private async execute(
    test: StoredTest,
    runId: string,
    signal: AbortSignal,
  ): Promise<{
    facts: ReportFacts;
    provider: string;
    evidence?: RunEvidence;
  }> {
    const spec = test.spec!;
    const runSignal = AbortSignal.any([
      signal,
      AbortSignal.timeout(this.options.config.timeoutsMs.run),
    ]);
    const providerName = spec.backupSource.provider;
    const steps = new StepReporter(async step => {
      await this.options.store.updateRunStep(test.id, runId, step);
      this.changed('step', test.id);
    });
    try {
      const kubeConfig = await this.options.clusters.kubeConfig(test.cluster, {
        signal: runSignal,
      });
      // Shared with the run: the sandboxes it creates are the provider's to write in too.
      const guard = new WriteGuard();
      const provider = this.options.providerFactory.create(
        providerName,
        test.cluster,
        kubeConfig,
        guard,
      );
      const { facts, evidence } = await executeRun(
        {
          testId: test.id,
          testName: test.name,
          entityRef: test.entityRef,
          spec,
        },
        runId,
        this.runDependencies(test, runId, {
          kubeConfig,
          provider,
          guard,
          steps,
        }),
        // The run's own deadline (its timeout, within timeouts.run) starts now.
        signal,
      );
      return { facts, provider: provider.name, evidence };
    } catch (e) {
      // Nothing was created yet (unknown cluster, refused credentials, unsupported provider): the run still gets a report.
      return {
        facts: {
          kind: 'not-started',
          detail: describeError(e),
          at: new Date(),
        },
        provider: providerName,
      };
    } finally {
      await steps.close();
    }
  }

  private runDependencies(
    test: StoredTest,
    runId: string,
    {
      kubeConfig,
      provider,
      guard,
      steps,
    }: {
      kubeConfig: KubeConfig;
      provider: BackupProvider;
      guard: WriteGuard;
      steps: StepReporter;
    },
  ): RunDependencies {
    const { config } = this.options;
    const expiresAt = new Date(
      Date.now() +
        (tryParseDuration(test.spec!.sandbox.ttl ?? '') ??
          config.sandbox.ttlMs),
    );
    return {
      kubeConfig,
      provider,
      guard,
      runChecks: this.options.runChecks,
      onStep: step => steps.report(step),
      logger: this.options.logger.child({ test: test.id, run: runId }),
      timeoutsMs: config.timeoutsMs,
      sandboxExpiresAt: expiresAt,
      autoQuotaMax: config.sandbox.autoQuotaMax,
      // The provider keeps its own objects (restores, backups) in these namespaces.
      protectedNamespaces: [
        ...this.options.protectedNamespaces,
        ...provider.ownedObjects.map(owned => owned.namespace),
      ],
      ...this.ownership(test, runId, kubeConfig, provider, expiresAt),
    };
  }

  private ownership(
    test: StoredTest,
    runId: string,
    kubeConfig: KubeConfig,
    provider: BackupProvider,
    expiresAt: Date,
  ) {
    const owned = runOwnership({
      store: this.options.store,
      kubeConfig,
      provider,
      logger: this.options.logger,
      cluster: test.cluster,
      runId,
      testId: test.id,
      expiresAt,
      settleMs: this.options.config.timeoutsMs.cleanup / 2,
    });
    return {
      ...owned,
      cleanup: async (signal: AbortSignal, kind: OwnedObjectKind) => {
        if (this.stopping)
          return cleanupOutcome([
            'the backend stopped during the run; the reaper removes its sandboxes and restore',
          ]);
        const outcome = await owned.cleanup(signal, kind);
        this.options.observer?.cleanupFinished?.({
          by: 'runner',
          cluster: test.cluster,
          ...outcome,
        });
        return outcome;
      },
    };
  }

  /** Holds the claimed test until the cluster has a free slot; false when aborted or taken over. */
  private async waitForSlot(
    test: StoredTest,
    runId: string,
    triggeredBy: string,
    signal: AbortSignal,
  ): Promise<boolean> {
    await this.options.store
      .updateState(test.id, {
        step: `waiting for a free slot in cluster ${test.cluster}`,
      })
      .catch(() => undefined);
    const slot = await this.queue.wait(
      test.cluster,
      async () => {
        const started = await this.options.store.tryStartRun(
          this.startRequest(test, runId, triggeredBy),
        );
        if (started.started) return true;
        return started.reason === 'cluster-busy' ? undefined : false;
      },
      signal,
    );
    if (slot !== undefined) return slot;
    // Released without a report: the run never started.
    await this.options.store.finishRun(test.id, runId, {
      // The phase it had before this claim (never Running: a run is not taken over).
      phase: test.state.phase,
      step: undefined,
    });
    return false;
  }

  private get recording(): RecordingContext {
    return {
      store: this.options.store,
      logger: this.options.logger,
      historyLimit: this.options.config.historyLimit,
      onRecorded: this.options.onRecorded,
    };
  }
}
