import * as k8s from '@kubernetes/client-node';
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  MANAGED_BY_VALUE,
  SANDBOX_LABELS,
} from '@kymaros/plugin-kymaros-common';
import type {
  KymarosStore,
  OwnedObject,
  StoredTest,
} from '../store/KymarosStore';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ProviderFactory } from '../providers/ProviderFactory';
import { providerForCleanup } from '../ownership/providerForCleanup';
import {
  type CleanupOutcome,
  cleanupRecorded,
} from '../ownership/cleanupRecorded';
import {
  type RecordingContext,
  recordFinishedRun,
} from '../reports/recordFinishedRun';
import { describeError } from '../util/errors';
import type { RunObserver } from '../run/RunObserver';
import { audited } from '../util/audited';

export interface ReaperResult {
  interruptedRuns: string[];
  deletedSandboxes: string[];
  deletedRestores: string[];
}

export interface SandboxReaperOptions {
  store: KymarosStore;
  clusters: ClusterRegistry;
  providerFactory: ProviderFactory;
  logger: LoggerService;
  /** How long an unfinished provider restore may settle before it is deleted. */
  settleMs: number;
  /** Bounds the wait for namespaces to disappear, per cluster. */
  namespaceWaitMs?: number;
  historyLimit: number;
  /** Told of each interrupted run this replica reported (notifications). */
  onRecorded?: RecordingContext['onRecorded'];
  /** Told of each cleanup pass (metrics); must not throw. */
  observer?: Pick<RunObserver, 'cleanupFinished'>;
  /** Where each cleanup pass is recorded as an audit event. */
  auditor?: AuditorService;
}

/** Audit records list at most this many names per field: a big backlog must not make one huge record. */
const AUDIT_LIST_LIMIT = 20;

const firstOf = (names: string[]) =>
  names.length > AUDIT_LIST_LIMIT
    ? [
        ...names.slice(0, AUDIT_LIST_LIMIT),
        `… and ${names.length - AUDIT_LIST_LIMIT} more`,
      ]
    : names;

/**
 * Cleans up after runs that never cleaned up themselves (a backend that
 * died mid-run, a removed test): reports interrupted runs as `error`, and
 * deletes the recorded objects of runs that are over or past their expiry —
 * only recorded ones, matched by name and uid. A namespace that merely
 * carries the engine's labels is never touched; it is logged once.
 * Safe to run on every replica at once: each interrupted run is claimed by
 * exactly one of them, and deletes are idempotent.
 */
export class SandboxReaper {
  private readonly warned = new Set<string>();

  constructor(private readonly options: SandboxReaperOptions) {}

  async reap(now = new Date()): Promise<ReaperResult> {
    const result: ReaperResult = {
      interruptedRuns: [],
      deletedSandboxes: [],
      deletedRestores: [],
    };
    for (const test of await this.options.store.listExpiredRuns(now)) {
      // One failure (a database hiccup, a report that cannot be stored) never ends the pass.
      await this.reportInterrupted(test, now)
        .then(claimed => claimed && result.interruptedRuns.push(test.id))
        .catch(e =>
          this.options.logger.error(
            `Reaper could not record the interrupted run of ${
              test.id
            }: ${describeError(e)}`,
          ),
        );
    }
    // Records first, then the active runs: a run takes its lease before it
    // records anything, so every record listed belongs to a run in that set or over.
    // Backups taken on demand are kept, whatever their run: backup data is never the reaper's to delete.
    const records = (await this.options.store.listObjects()).filter(
      r => r.kind !== 'Backup',
    );
    const active = await this.activeRuns(now);
    const stale = records.filter(
      r => !active.has(r.runId) || Date.parse(r.expiresAt) < now.getTime(),
    );
    for (const cluster of this.options.clusters.names()) {
      try {
        await this.reapCluster(
          cluster,
          stale.filter(r => r.cluster === cluster),
          records.filter(r => r.cluster === cluster),
          result,
        );
      } catch (e) {
        this.options.logger.warn(
          `Reaper could not clean cluster ${cluster}: ${describeError(e)}`,
        );
      }
    }
    this.logResult(result);
    return result;
  }

  /** Reports a dead replica's run once across replicas; false when another reaper got it. */
  private async reportInterrupted(
    test: StoredTest,
    now: Date,
  ): Promise<boolean> {
    const runId = test.state.runId!;
    const waiting = test.state.step?.startsWith('waiting for a free slot');
    // Read before the claim: once claimed, another replica's pass may already be deleting the records.
    const sandboxes = (await this.options.store.listObjects({ runId }))
      .filter(r => r.kind === 'Namespace')
      .map(r => ({ source: r.sourceNamespace ?? '', sandbox: r.name }));
    return recordFinishedRun(
      {
        store: this.options.store,
        logger: this.options.logger,
        historyLimit: this.options.historyLimit,
        onRecorded: this.options.onRecorded,
      },
      {
        test,
        runId,
        facts: {
          kind: 'interrupted',
          detail: waiting
            ? `The run was interrupted while it waited for a free cluster slot: the backend holding it stopped. It never started.`
            : `The run was interrupted: the backend running it stopped at step "${
                test.state.step ?? 'unknown'
              }". Its sandboxes and restore objects were removed by the reaper.`,
          at: now,
          startedAt: test.state.runStartedAt,
          sandboxes,
        },
        report: {
          cluster: test.cluster,
          provider: test.spec?.backupSource.provider ?? '',
          triggeredBy: test.state.triggeredBy,
        },
      },
      { by: 'reaper', now },
    );
  }

  /** Runs holding a valid lease right now (running or queued). */
  private async activeRuns(now: Date): Promise<Set<string>> {
    return new Set(await this.options.store.listActiveRunIds(now));
  }

  private async reapCluster(
    cluster: string,
    stale: OwnedObject[],
    recorded: OwnedObject[],
    result: ReaperResult,
  ) {
    const kubeConfig = await this.options.clusters.kubeConfig(cluster);
    if (stale.length) {
      const outcome = await this.cleanUpStale(cluster, kubeConfig, stale);
      this.options.observer?.cleanupFinished?.({
        by: 'reaper',
        cluster,
        ...outcome,
      });
      result.deletedSandboxes.push(...outcome.deletedSandboxes);
      result.deletedRestores.push(...outcome.deletedRestores);
      outcome.errors.forEach(e =>
        this.options.logger.warn(`Reaper, cluster ${cluster}: ${e}`),
      );
    }
    await this.warnAboutUnrecorded(cluster, kubeConfig, recorded);
  }

  /** Deletes recorded objects of runs that are over: an audited, destructive write. */
  private cleanUpStale(
    cluster: string,
    kubeConfig: k8s.KubeConfig,
    stale: OwnedObject[],
  ): Promise<CleanupOutcome> {
    const cleanUp = () =>
      cleanupRecorded(
        {
          store: this.options.store,
          kubeConfig,
          provider: providerForCleanup(
            this.options.providerFactory,
            cluster,
            kubeConfig,
          ),
          logger: this.options.logger,
          settleMs: this.options.settleMs,
          signal: AbortSignal.timeout(this.options.namespaceWaitMs ?? 60_000),
        },
        stale,
      );
    if (!this.options.auditor) return cleanUp();
    return audited(
      this.options.auditor,
      {
        eventId: 'sandbox-cleanup',
        // Deletes namespaces and provider objects in a cluster: a write.
        severityLevel: 'medium',
        meta: {
          actor: 'reaper',
          cluster,
          runs: firstOf([...new Set(stale.map(o => o.runId))]),
          objects: firstOf(stale.map(o => `${o.kind}/${o.name}`)),
        },
      },
      cleanUp,
      outcome => ({
        meta: {
          deletedSandboxes: firstOf(outcome.deletedSandboxes),
          deletedRestores: firstOf(outcome.deletedRestores),
          left: firstOf(outcome.left),
        },
        error: outcome.errors.length
          ? new Error(firstOf(outcome.errors).join('; '))
          : undefined,
      }),
    );
  }

  /** Labelled namespaces nobody recorded: someone else's, or forged. Logged once, never deleted. */
  private async warnAboutUnrecorded(
    cluster: string,
    kubeConfig: k8s.KubeConfig,
    recorded: OwnedObject[],
  ) {
    const names = new Set(recorded.map(r => r.name));
    const labelled = await kubeConfig
      .makeApiClient(k8s.CoreV1Api)
      .listNamespace({
        labelSelector: `${SANDBOX_LABELS.managedBy}=${MANAGED_BY_VALUE}`,
      });
    for (const ns of labelled.items) {
      const key = `${cluster}/${ns.metadata!.name}/${ns.metadata!.uid}`;
      if (names.has(ns.metadata!.name!) || this.warned.has(key)) continue;
      this.warned.add(key);
      this.options.logger.warn(
        `Namespace ${ns.metadata!.name} in cluster ${cluster} carries ${
          SANDBOX_LABELS.managedBy
        }=${MANAGED_BY_VALUE} but no run recorded creating it; leaving it alone`,
      );
    }
  }

  private logResult(result: ReaperResult) {
    if (
      result.deletedSandboxes.length ||
      result.deletedRestores.length ||
      result.interruptedRuns.length
    ) {
      this.options.logger.info(
        `Reaper: ${
          result.interruptedRuns.length
        } interrupted runs recorded, removed sandboxes [${result.deletedSandboxes.join(
          ', ',
        )}] and restores [${result.deletedRestores.join(', ')}]`,
      );
    }
  }
}
