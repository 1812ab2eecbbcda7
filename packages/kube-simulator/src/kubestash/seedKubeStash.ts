import type { SimulatorContext } from '../context';
import { parseDuration } from '../scenario/duration';
import { rfc3339 } from '../store/ObjectStore';
import type { KubeObject } from '../store/types';
import type { ResourceType } from '../api/resources';
import { kinds } from '../controllers/kinds';
import { kubestashKinds, snapshotLabels } from './kubestashResources';
import type { KubeStashScenario } from './scenario';
import type { SnapshotContents } from './SnapshotContents';
import { dumpNamespace } from './manifestDump';
import { RESTORE_FAULT_ANNOTATION } from './faults';

type Configuration = KubeStashScenario['backupConfigurations'][number];
type Taken = Configuration['backups'][number];

const SESSION = 'manifests';
const API = 'core.kubestash.com/v1alpha1';
const STORAGE_API = 'storage.kubestash.com/v1alpha1';

/** Creates an object and then gives it the status a controller would have written. */
function put(ctx: SimulatorContext, type: ResourceType, body: KubeObject) {
  const { namespace, name } = body.metadata;
  ctx.store.create(type, namespace, body);
  if (body.status)
    ctx.store.mutate(type, namespace, name, o => {
      o.status = body.status;
    });
}

function ensureNamespace(ctx: SimulatorContext, name: string) {
  const namespaces = kinds(ctx.registry).namespaces;
  if (!ctx.store.get(namespaces, undefined, name))
    ctx.store.create(namespaces, undefined, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    });
}

/** Waits until nothing has changed for a moment, so workloads have settled before they are dumped. */
async function quiet(ctx: SimulatorContext) {
  let last = ctx.store.currentRv();
  for (let i = 0; i < 60; i++) {
    await new Promise(resolve => setTimeout(resolve, 50));
    const now = ctx.store.currentRv();
    if (now === last) return;
    last = now;
  }
}

function configuration(c: Configuration): KubeObject {
  return {
    apiVersion: API,
    kind: 'BackupConfiguration',
    metadata: { name: c.name, namespace: c.namespace },
    spec: {
      target: { apiGroup: '', kind: 'Namespace', name: c.targetNamespace },
      backends: [
        {
          name: 'default',
          storageRef: { name: 'default', namespace: c.namespace },
          ...(c.keepLast
            ? {
                retentionPolicy: {
                  name: `${c.name}-retention`,
                  namespace: c.namespace,
                },
              }
            : {}),
        },
      ],
      sessions: [
        {
          name: SESSION,
          scheduler: { schedule: c.schedule, jobTemplate: { template: {} } },
          repositories: [
            {
              name: c.repository,
              backend: 'default',
              directory: `/${c.targetNamespace}`,
            },
          ],
          addon: {
            name: 'kubedump-addon',
            tasks: [{ name: 'manifest-backup' }],
          },
        },
      ],
      paused: c.paused,
    },
    status: { phase: 'Ready' },
  };
}

function session(
  c: Configuration,
  b: Taken,
  unix: number,
  finished: number,
): KubeObject {
  const name = `${c.name}-${SESSION}-${unix}`;
  return {
    apiVersion: API,
    kind: 'BackupSession',
    metadata: {
      name,
      namespace: c.namespace,
      labels: {
        'kubestash.com/invoker-kind': 'BackupConfiguration',
        'kubestash.com/invoker-name': c.name,
      },
    },
    spec: {
      invoker: {
        apiGroup: 'core.kubestash.com',
        kind: 'BackupConfiguration',
        name: c.name,
      },
      session: SESSION,
    },
    status: {
      phase: b.phase,
      duration: `${parseDuration(b.duration) / 1000}s`,
      ...(b.phase === 'Running'
        ? {}
        : { conditions: [finishedCondition(b, finished)] }),
    },
  };
}

function finishedCondition(b: Taken, at: number) {
  return {
    type: 'BackupSucceeded',
    status: b.phase === 'Succeeded' ? 'True' : 'False',
    reason: b.phase === 'Succeeded' ? 'BackupSucceeded' : 'BackupFailed',
    ...(b.phase === 'Failed' ? { message: 'simulated backup failure' } : {}),
    lastTransitionTime: rfc3339(at),
  };
}

/** The integrity KubeStash checked: as the scenario says, else true for a finished snapshot. */
function integrity(b: Taken): { integrity?: boolean } {
  if (b.integrity !== undefined) return { integrity: b.integrity };
  return b.phase === 'Succeeded' ? { integrity: true } : {};
}

function snapshot(
  c: Configuration,
  b: Taken,
  unix: number,
  finished: number,
  count: number,
): KubeObject {
  return {
    apiVersion: STORAGE_API,
    kind: 'Snapshot',
    metadata: {
      name: `${c.repository}-${c.name}-${SESSION}-${unix}`,
      namespace: c.namespace,
      labels: {
        [snapshotLabels.appRefKind]: 'Namespace',
        [snapshotLabels.appRefName]: c.targetNamespace,
        [snapshotLabels.appRefNamespace]: c.targetNamespace,
        [snapshotLabels.repoName]: c.repository,
      },
      ...(b.restoreFault
        ? { annotations: { [RESTORE_FAULT_ANNOTATION]: b.restoreFault } }
        : {}),
    },
    spec: {
      snapshotID: `01SIM${unix}`,
      type: 'FullBackup',
      repository: c.repository,
      session: SESSION,
      backupSession: `${c.name}-${SESSION}-${unix}`,
      appRef: {
        apiGroup: '',
        kind: 'Namespace',
        name: c.targetNamespace,
        namespace: c.targetNamespace,
      },
      deletionPolicy: 'Delete',
    },
    status: {
      phase: b.phase,
      snapshotTime: rfc3339(finished - parseDuration(b.duration)),
      lastUpdateTime: rfc3339(finished),
      size: `${(count * 1.7).toFixed(3)} KiB`,
      ...integrity(b),
      totalComponents: 1,
      components: {
        dump: {
          phase: b.phase,
          driver: 'Restic',
          path: 'repository/v1/manifests/dump',
        },
      },
    },
  };
}

/**
 * Records the scenario's KubeStash set-up: each BackupConfiguration with its
 * Repository, RetentionPolicy, and the BackupSessions and Snapshots it
 * already took, each Snapshot holding its namespace's manifests as they are
 * at start-up.
 */
export async function seedKubeStash(
  ctx: SimulatorContext,
  contents: SnapshotContents,
  scenario: KubeStashScenario | undefined,
): Promise<void> {
  if (!scenario) return;
  ensureNamespace(ctx, scenario.namespace);
  if (!scenario.backupConfigurations.length) return;
  await quiet(ctx);
  const k = kubestashKinds(ctx.registry);
  const now = ctx.clock.now();
  for (const c of scenario.backupConfigurations) {
    ensureNamespace(ctx, c.namespace);
    put(ctx, k.repositories, {
      apiVersion: STORAGE_API,
      kind: 'Repository',
      metadata: { name: c.repository, namespace: c.namespace },
      spec: {
        appRef: { apiGroup: '', kind: 'Namespace', name: c.targetNamespace },
        storageRef: { name: 'default', namespace: c.namespace },
        path: `/${c.targetNamespace}`,
        deletionPolicy: 'Delete',
      },
      status: { phase: 'Ready' },
    });
    if (c.keepLast)
      put(ctx, k.retentionPolicies, {
        apiVersion: STORAGE_API,
        kind: 'RetentionPolicy',
        metadata: { name: `${c.name}-retention`, namespace: c.namespace },
        spec: {
          successfulSnapshots: { last: c.keepLast },
          maxRetentionPeriod: '30d',
        },
      });
    put(ctx, k.backupConfigurations, configuration(c));
    const objects = dumpNamespace(ctx, c.targetNamespace);
    for (const b of c.backups) {
      const finished = now - parseDuration(b.age);
      const unix = Math.floor(finished / 1000);
      put(ctx, k.backupSessions, session(c, b, unix, finished));
      const snap = snapshot(c, b, unix, finished, objects.length);
      put(ctx, k.snapshots, snap);
      contents.save(c.namespace, snap.metadata.name, objects);
    }
  }
}
