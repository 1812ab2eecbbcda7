import * as k8s from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  MANAGED_BY_VALUE,
  SANDBOX_LABELS,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosStore } from '../store/KymarosStore';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { SANDBOX_ANNOTATIONS, SandboxManager } from '../sandbox/SandboxManager';
import { buildReport } from '../reports/buildReport';
import { errorStatus } from '../run/RestoreRunner';

export interface ReaperResult {
  interruptedRuns: string[];
  deletedSandboxes: string[];
  deletedRestores: string[];
}

/**
 * Cleans up after runs that never cleaned up themselves (a backend that
 * stopped mid-run, a removed test): records interrupted runs as `error`,
 * deletes managed sandboxes whose run is over or whose TTL passed, and the
 * provider restore objects of runs that are over.
 */
export class SandboxReaper {
  constructor(
    private readonly o: {
      store: KymarosStore;
      clusters: ClusterRegistry;
      logger: LoggerService;
      veleroNamespace(cluster: string): string;
    },
  ) {}

  async reap(now = new Date()): Promise<ReaperResult> {
    const result: ReaperResult = {
      interruptedRuns: [],
      deletedSandboxes: [],
      deletedRestores: [],
    };
    for (const test of await this.o.store.listExpiredRuns(now)) {
      const runId = test.state.runId!;
      const status = errorStatus(
        `The run was interrupted: the backend running it stopped at step "${
          test.state.step ?? 'unknown'
        }". Its sandboxes and restore objects were removed by the reaper.`,
        test.cluster,
        test.spec?.backupSource.provider ?? '',
        now,
      );
      status.startedAt = test.state.runStartedAt ?? status.startedAt;
      const report = buildReport({
        testName: test.name,
        entityRef: test.entityRef,
        status,
        createdAt: now,
        runId,
      });
      await this.o.store.insertReport(
        test.id,
        test.entityRef,
        report,
        test.spec?.historyLimit ?? 10,
      );
      await this.o.store.finishRun(test.id, runId, {
        phase: 'Failed',
        step: undefined,
        lastRunAt: now.toISOString(),
        lastScore: 0,
        lastResult: 'error',
        lastReportName: report.metadata.name,
      });
      result.interruptedRuns.push(test.id);
    }
    for (const cluster of this.o.clusters.names()) {
      try {
        await this.reapCluster(cluster, now, result);
      } catch (e) {
        this.o.logger.warn(
          `Reaper could not clean cluster ${cluster}: ${(e as Error).message}`,
        );
      }
    }
    if (
      result.deletedSandboxes.length ||
      result.deletedRestores.length ||
      result.interruptedRuns.length
    ) {
      this.o.logger.info(
        `Reaper: ${
          result.interruptedRuns.length
        } interrupted runs recorded, removed sandboxes [${result.deletedSandboxes.join(
          ', ',
        )}] and restores [${result.deletedRestores.join(', ')}]`,
      );
    }
    return result;
  }

  /** Runs holding a valid lease right now. */
  private async activeRuns(now: Date): Promise<Set<string>> {
    const tests = await this.o.store.listTests();
    return new Set(
      tests
        .filter(
          t =>
            t.state.phase === 'Running' &&
            t.state.runId &&
            t.state.leaseUntil &&
            Date.parse(t.state.leaseUntil) > now.getTime(),
        )
        .map(t => t.state.runId!),
    );
  }

  private async reapCluster(cluster: string, now: Date, result: ReaperResult) {
    const base = this.o.clusters.kubeConfig(cluster);
    const veleroNamespace = this.o.veleroNamespace(cluster);
    const selector = `${SANDBOX_LABELS.managedBy}=${MANAGED_BY_VALUE}`;
    const restoresRef = {
      group: 'velero.io',
      version: 'v1',
      namespace: veleroNamespace,
      plural: 'restores',
    };
    // List first, then read the active runs: a run takes its lease before it creates anything,
    // so every object listed here belongs to a run that is in that set or already over.
    const namespaces = (
      await base
        .makeApiClient(k8s.CoreV1Api)
        .listNamespace({ labelSelector: selector })
    ).items;
    const restores = (await base
      .makeApiClient(k8s.CustomObjectsApi)
      .listNamespacedCustomObject({
        ...restoresRef,
        labelSelector: selector,
      })) as { items: any[] };
    const active = await this.activeRuns(now);
    const over = (run: string | undefined) => !run || !active.has(run);

    const stale = namespaces.filter(ns => {
      const expires = Date.parse(
        ns.metadata?.annotations?.[SANDBOX_ANNOTATIONS.expiresAt] ?? '',
      );
      return (
        !ns.metadata?.deletionTimestamp &&
        (over(ns.metadata?.labels?.[SANDBOX_LABELS.run]) ||
          (Number.isFinite(expires) && expires < now.getTime()))
      );
    });
    const guard = new WriteGuard([
      { namespace: veleroNamespace, group: 'velero.io', plural: 'restores' },
    ]);
    // Only the namespaces verified above (managed label, run over or expired) may be deleted.
    stale.forEach(ns => guard.allowSandbox(ns.metadata!.name!));
    const kc = guardedKubeConfig(base, guard);
    if (stale.length) {
      await new SandboxManager(kc, guard).delete(
        stale.map(ns => ns.metadata!.name!),
        AbortSignal.timeout(60_000),
      );
      result.deletedSandboxes.push(...stale.map(ns => ns.metadata!.name!));
    }
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    for (const r of restores.items.filter(x =>
      over(x.metadata?.labels?.[SANDBOX_LABELS.run]),
    )) {
      await custom
        .deleteNamespacedCustomObject({ ...restoresRef, name: r.metadata.name })
        .catch(() => undefined);
      result.deletedRestores.push(r.metadata.name);
    }
  }
}
