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
import { dumpNamespace } from './manifestDump';

/**
 * A BackupSession invoking a BackupConfiguration that dumps a namespace's
 * manifests: after a step, a Snapshot of each of the session's repositories
 * is taken (`<repository>-<backupsession>`, labelled with the app it holds)
 * and the session succeeds; a missing or paused configuration fails it.
 */
export class BackupSessionController extends Controller {
  private readonly k: KubeStashKinds;

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly contents: SnapshotContents,
  ) {
    super();
    this.k = kubestashKinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      if (e.object.kind !== 'BackupSession' || e.type !== 'ADDED') return;
      if (e.object.status?.phase) return;
      const { namespace, name } = e.object.metadata;
      ctx.setTimer(() => this.run(namespace!, name), ctx.options.veleroStepMs);
    });
  }

  private run(namespace: string, name: string) {
    const session = this.ctx.store.get(this.k.backupSessions, namespace, name);
    if (!session || session.status?.phase) return;
    const invoker = session.spec?.invoker?.name;
    const config = invoker
      ? this.ctx.store.get(this.k.backupConfigurations, namespace, invoker)
      : undefined;
    const problem = !config
      ? `BackupConfiguration ${namespace}/${invoker ?? ''} not found`
      : config.spec?.paused && 'the BackupConfiguration is paused';
    const now = this.ctx.clock.now();
    const snapshots = problem ? [] : this.takeSnapshots(session, config!, now);
    this.ctx.store.mutate(this.k.backupSessions, namespace, name, o => {
      o.status = {
        phase: problem ? 'Failed' : 'Succeeded',
        duration: `${(
          (now - Date.parse(o.metadata.creationTimestamp!)) /
          1000
        ).toFixed(3)}s`,
        snapshots: snapshots.map(s => ({ name: s, phase: 'Succeeded' })),
        conditions: [
          {
            type: 'BackupSucceeded',
            status: problem ? 'False' : 'True',
            reason: problem ? 'BackupFailed' : 'BackupSucceeded',
            ...(problem ? { message: problem } : {}),
            lastTransitionTime: rfc3339(now),
          },
        ],
      };
    });
  }

  private takeSnapshots(
    session: KubeObject,
    config: KubeObject,
    now: number,
  ): string[] {
    const target = config.spec?.target ?? {};
    const appNamespace =
      target.kind === 'Namespace' ? target.name : target.namespace;
    const objects = dumpNamespace(this.ctx, appNamespace);
    const configured = (config.spec?.sessions ?? []).find(
      (s: any) => s.name === session.spec?.session,
    );
    const taken: string[] = [];
    for (const repo of configured?.repositories ?? []) {
      const name = `${repo.name}-${session.metadata.name}`.slice(0, 253);
      this.ctx.store.create(this.k.snapshots, session.metadata.namespace, {
        apiVersion: 'storage.kubestash.com/v1alpha1',
        kind: 'Snapshot',
        metadata: {
          name,
          labels: {
            [snapshotLabels.appRefKind]: target.kind ?? '',
            [snapshotLabels.appRefName]: target.name ?? '',
            [snapshotLabels.appRefNamespace]: appNamespace ?? '',
            [snapshotLabels.repoName]: repo.name,
          },
        },
        spec: {
          type: 'FullBackup',
          repository: repo.name,
          session: session.spec?.session,
          backupSession: session.metadata.name,
          appRef: { ...target, namespace: appNamespace },
          deletionPolicy: 'Delete',
        },
      });
      this.ctx.store.mutate(
        this.k.snapshots,
        session.metadata.namespace,
        name,
        o => {
          o.status = {
            phase: 'Succeeded',
            snapshotTime: rfc3339(now),
            lastUpdateTime: rfc3339(now),
            integrity: true,
            totalComponents: 1,
            components: { dump: { phase: 'Succeeded', driver: 'Restic' } },
          };
        },
      );
      this.contents.save(session.metadata.namespace!, name, objects);
      taken.push(name);
    }
    return taken;
  }
}
