import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import { rfc3339 } from '../store/ObjectStore';
import { Controller } from '../controllers/Controller';
import {
  kubestashKinds,
  KubeStashKinds,
  snapshotLabels,
} from './kubestashResources';
import type { SnapshotContents } from './SnapshotContents';
import { restoreManifests } from './manifestDump';
import {
  KubeStashCondition,
  restoreSessionPhase,
  RestoreSessionStatus,
} from './restoreSessionPhase';
import { restoreFault } from './faults';

/** The one component a manifest restore has (kubedump dumps a namespace as one component). */
const COMPONENT = 'dump';

/**
 * KubeStash's restore of manifests, step by step: a new RestoreSession is
 * validated, waits `Pending` (its Snapshot dependency not found) until the
 * Snapshot exists, runs its component (pausing the backups of its target),
 * creates the Snapshot's objects in the restore namespace, and ends only
 * after the `MetricsPushed` condition, as KubeStash's phase rules require.
 */
export class RestoreSessionController extends Controller {
  private readonly k: KubeStashKinds;

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly contents: SnapshotContents,
  ) {
    super();
    this.k = kubestashKinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      if (e.object.kind !== 'RestoreSession' || e.type !== 'ADDED') return;
      const { namespace, name } = e.object.metadata;
      this.later(namespace!, name);
    });
  }

  private later(namespace: string, name: string) {
    this.ctx.setTimer(
      () => this.advance(namespace, name),
      this.ctx.options.veleroStepMs,
    );
  }

  private advance(namespace: string, name: string) {
    const session = this.ctx.store.get(this.k.restoreSessions, namespace, name);
    if (!session || session.metadata.deletionTimestamp) return;
    const status: RestoreSessionStatus = session.status ?? {};
    const components = status.components ?? {};
    if (!status.phase) this.validate(session);
    else if (status.phase === 'Pending') this.start(session);
    else if (components[COMPONENT]?.phase === 'Running') this.restore(session);
    else if (!status.conditions?.some(c => c.type === 'MetricsPushed'))
      this.finish(session);
    else return;
    this.later(namespace, name);
  }

  private write(
    session: KubeObject,
    change: (s: RestoreSessionStatus) => void,
  ) {
    const { namespace, name } = session.metadata;
    this.ctx.store.mutate(this.k.restoreSessions, namespace, name, o => {
      const status: RestoreSessionStatus = o.status ?? {};
      change(status);
      status.phase = restoreSessionPhase(status);
      o.status = status;
    });
  }

  private condition(
    type: string,
    ok: boolean,
    reason: string,
    message?: string,
  ): KubeStashCondition {
    return {
      type,
      status: ok ? 'True' : 'False',
      reason,
      ...(message ? { message } : {}),
      lastTransitionTime: rfc3339(this.ctx.clock.now()),
    };
  }

  private validate(session: KubeObject) {
    const problem = validationProblem(session.spec ?? {});
    this.write(session, s => {
      s.conditions = [
        this.condition(
          'ValidationPassed',
          !problem,
          problem ? 'ValidationFailed' : 'ValidationPassed',
          problem,
        ),
      ];
    });
    if (problem) this.finishInvalid(session);
  }

  /** An invalid session still gets its final metrics step. */
  private finishInvalid(session: KubeObject) {
    this.write(session, s => {
      s.conditions!.push(
        this.condition('MetricsPushed', true, 'SuccessfullyPushedMetrics'),
      );
    });
  }

  private snapshotOf(session: KubeObject): KubeObject | undefined {
    const source = session.spec.dataSource;
    const namespace = source.namespace || session.metadata.namespace;
    if (source.snapshot !== 'latest') {
      const snapshot = this.ctx.store.get(
        this.k.snapshots,
        namespace,
        source.snapshot,
      );
      return snapshot?.spec?.repository === source.repository
        ? snapshot
        : undefined;
    }
    return this.ctx.store
      .list(this.k.snapshots, namespace, {
        labelSelector: [
          { key: snapshotLabels.repoName, op: 'eq', value: source.repository },
        ],
      })
      .filter(s => s.status?.phase === 'Succeeded')
      .sort((a, b) =>
        String(b.status?.snapshotTime).localeCompare(
          String(a.status?.snapshotTime),
        ),
      )[0];
  }

  private start(session: KubeObject) {
    const source = session.spec.dataSource;
    const snapshot = this.snapshotOf(session);
    if (!snapshot) {
      this.write(session, s => {
        s.dependencies = [
          {
            kind: 'Snapshot',
            name: source.snapshot,
            namespace: source.namespace || session.metadata.namespace,
            found: false,
          },
        ];
      });
      return;
    }
    const paused = this.pauseBackups(session);
    this.write(session, s => {
      s.dependencies = [
        {
          kind: 'Snapshot',
          name: snapshot.metadata.name,
          namespace: snapshot.metadata.namespace,
          found: true,
        },
      ];
      s.pausedBackups = paused;
      s.totalComponents = 1;
      s.components = {
        [COMPONENT]: { phase: 'Running', progress: { percentDone: '0.00%' } },
      };
      s.conditions!.push(
        this.condition(
          'RestoreExecutorEnsured',
          true,
          'SuccessfullyEnsuredRestoreExecutor',
        ),
      );
    });
  }

  /** BackupConfigurations backing up the session's target are paused while it restores. */
  private pauseBackups(session: KubeObject) {
    const target = session.spec.target;
    if (!target?.name) return [];
    const paused = [];
    for (const bc of this.ctx.store.list(
      this.k.backupConfigurations,
      undefined,
    )) {
      const t = bc.spec?.target ?? {};
      if (bc.spec?.paused || t.kind !== target.kind || t.name !== target.name)
        continue;
      if ((t.namespace ?? '') !== (target.namespace ?? '')) continue;
      this.setPaused(bc, true);
      paused.push({
        apiGroup: 'core.kubestash.com',
        kind: 'BackupConfiguration',
        name: bc.metadata.name,
        namespace: bc.metadata.namespace,
      });
    }
    return paused;
  }

  private setPaused(
    bc: { metadata: { namespace?: string; name: string } },
    paused: boolean,
  ) {
    this.ctx.store.mutate(
      this.k.backupConfigurations,
      bc.metadata.namespace,
      bc.metadata.name,
      o => {
        o.spec = { ...o.spec, paused };
      },
    );
  }

  private restore(session: KubeObject) {
    const snapshot = this.snapshotOf(session);
    const fault = restoreFault(snapshot);
    if (fault.kind === 'stuck') return;
    const spec = session.spec;
    const restoreNamespace =
      spec.manifestOptions?.workload?.restoreNamespace ||
      spec.target?.namespace ||
      session.metadata.namespace;
    const params = spec.addon?.tasks?.[0]?.params ?? {};
    const objects = snapshot
      ? this.contents.get(
          snapshot.metadata.namespace!,
          snapshot.metadata.name,
        ) ?? []
      : [];
    const restored =
      fault.kind === 'fail'
        ? []
        : restoreManifests(this.ctx, objects, restoreNamespace, params);
    const errors = [
      ...(fault.kind === 'fail' ? [fault.message] : []),
      ...restored.flatMap(r => (r.error ? [r.error] : [])),
    ];
    const elapsed = this.elapsedSeconds(session);
    this.write(session, s => {
      s.components = {
        [COMPONENT]: {
          phase: componentPhase(fault, errors),
          duration: `${elapsed}s`,
          progress: {
            percentDone: '100.00%',
            totalFiles: objects.length,
            filesDone: restored.length,
          },
          ...(errors.length ? { error: errors.join('; ') } : {}),
        },
      };
    });
  }

  private finish(session: KubeObject) {
    const fault = restoreFault(this.snapshotOf(session));
    for (const ref of session.status?.pausedBackups ?? []) {
      if (
        this.ctx.store.get(this.k.backupConfigurations, ref.namespace, ref.name)
      )
        this.setPaused(
          { metadata: { namespace: ref.namespace, name: ref.name } },
          false,
        );
    }
    const elapsed = this.elapsedSeconds(session);
    this.write(session, s => {
      s.pausedBackups = [];
      s.duration = `${elapsed}s`;
      s.conditions!.push(
        fault.kind === 'metrics'
          ? this.condition(
              'MetricsPushed',
              false,
              'FailedToPushMetrics',
              fault.message,
            )
          : this.condition('MetricsPushed', true, 'SuccessfullyPushedMetrics'),
      );
    });
  }

  private elapsedSeconds(session: KubeObject) {
    const created = Date.parse(session.metadata.creationTimestamp ?? '');
    return Math.max(0, (this.ctx.clock.now() - created) / 1000).toFixed(3);
  }
}

/** Why KubeStash's validation would refuse the session, or undefined. */
export function validationProblem(spec: any): string | undefined {
  if (!spec.dataSource?.repository)
    return 'spec.dataSource.repository must be specified';
  if (!spec.dataSource?.snapshot)
    return 'spec.dataSource.snapshot must be specified';
  if (!spec.addon?.name) return 'spec.addon.name must be specified';
  if (!spec.addon?.tasks?.length)
    return 'spec.addon.tasks must have at least one task';
  return undefined;
}

/** How the dump component ended: a simulated Unknown, failed on any error, else succeeded. */
function componentPhase(fault: { kind: string }, errors: string[]): string {
  if (fault.kind === 'unknown') return 'Unknown';
  return errors.length ? 'Failed' : 'Succeeded';
}
