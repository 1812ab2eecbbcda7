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
      await this.o.store.insertReport(
        test.id,
        test.entityRef,
        buildReport({
          testName: test.name,
          entityRef: test.entityRef,
          status,
          createdAt: now,
          runId,
        }),
        test.spec?.historyLimit ?? 10,
      );
      await this.o.store.finishRun(test.id, runId, {
        phase: 'Failed',
        step: undefined,
        lastRunAt: now.toISOString(),
        lastScore: 0,
        lastResult: 'error',
      });
      result.interruptedRuns.push(test.id);
    }
    const tests = await this.o.store.listTests();
    const active = new Set(
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
    for (const cluster of this.o.clusters.names()) {
      try {
        await this.reapCluster(cluster, active, now, result);
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

  private async reapCluster(
    cluster: string,
    active: Set<string>,
    now: Date,
    result: ReaperResult,
  ) {
    const base = this.o.clusters.kubeConfig(cluster);
    const core = base.makeApiClient(k8s.CoreV1Api);
    const selector = `${SANDBOX_LABELS.managedBy}=${MANAGED_BY_VALUE}`;
    const namespaces = (await core.listNamespace({ labelSelector: selector }))
      .items;
    const stale = namespaces.filter(ns => {
      const run = ns.metadata?.labels?.[SANDBOX_LABELS.run];
      const expires = Date.parse(
        ns.metadata?.annotations?.[SANDBOX_ANNOTATIONS.expiresAt] ?? '',
      );
      return (
        !ns.metadata?.deletionTimestamp &&
        (!run ||
          !active.has(run) ||
          (Number.isFinite(expires) && expires < now.getTime()))
      );
    });
    const veleroNamespace = this.o.veleroNamespace(cluster);
    const guard = new WriteGuard([
      { namespace: veleroNamespace, group: 'velero.io', plural: 'restores' },
    ]);
    // Only namespaces verified above (managed label, run over) may be deleted.
    stale.forEach(ns => guard.allowSandbox(ns.metadata!.name!));
    if (stale.length) {
      const manager = new SandboxManager(guardedKubeConfig(base, guard), guard);
      await manager.delete(
        stale.map(ns => ns.metadata!.name!),
        AbortSignal.timeout(60_000),
      );
      result.deletedSandboxes.push(...stale.map(ns => ns.metadata!.name!));
    }
    const custom = guardedKubeConfig(base, guard).makeApiClient(
      k8s.CustomObjectsApi,
    );
    const restores = (await custom.listNamespacedCustomObject({
      group: 'velero.io',
      version: 'v1',
      namespace: veleroNamespace,
      plural: 'restores',
      labelSelector: selector,
    })) as { items: any[] };
    for (const r of restores.items) {
      const run = r.metadata?.labels?.[SANDBOX_LABELS.run];
      if (run && active.has(run)) continue;
      await custom
        .deleteNamespacedCustomObject({
          group: 'velero.io',
          version: 'v1',
          namespace: veleroNamespace,
          plural: 'restores',
          name: r.metadata.name,
        })
        .catch(() => undefined);
      result.deletedRestores.push(r.metadata.name);
    }
  }
}
