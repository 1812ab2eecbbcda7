import type { SimulatorContext } from '../context';
import { parseDuration } from '../scenario/duration';
import type { Scenario } from '../scenario/schema';
import type { ObjectStore } from '../store/ObjectStore';
import { rfc3339 } from '../store/ObjectStore';
import type { KubeObject } from '../store/types';
import type { BackupController } from '../velero/BackupController';

type ScenarioBackup = Scenario['backups'][number];

const FINISHED = ['Completed', 'PartiallyFailed', 'Failed'];

/** Waits until no object has changed for `quietMs`, so workloads have settled before backups are taken. */
async function settle(store: ObjectStore, quietMs: number, maxMs: number) {
  const started = Date.now();
  let last = store.currentRv();
  for (;;) {
    await new Promise(resolve => setTimeout(resolve, quietMs));
    const now = store.currentRv();
    if (now === last || Date.now() - started > maxMs) return;
    last = now;
  }
}

/** The status Velero would have written for a backup that completed `age` ago after running for `duration`. */
function backupStatus(backup: ScenarioBackup, now: number) {
  const completion = now - parseDuration(backup.age);
  const start = completion - parseDuration(backup.duration);
  return {
    phase: backup.phase,
    ...(backup.phase === 'FailedValidation'
      ? { validationErrors: ['simulated validation failure'] }
      : { startTimestamp: rfc3339(start) }),
    ...(FINISHED.includes(backup.phase)
      ? {
          completionTimestamp: rfc3339(completion),
          expiration: rfc3339(completion + parseDuration(backup.ttl)),
        }
      : {}),
    ...(backup.phase === 'PartiallyFailed' ? { errors: 1 } : {}),
  };
}

/**
 * Records the scenario's backups as already taken: each holds the objects of
 * its namespaces once controllers have created their pods and claims, plus
 * the objects that have left the cluster since.
 */
export async function seedBackups(
  ctx: SimulatorContext,
  backups: BackupController,
  scenarioBackups: Scenario['backups'],
): Promise<void> {
  if (!scenarioBackups.length) return;
  await settle(ctx.store, 50, 3000);
  for (const backup of scenarioBackups) {
    const selection = {
      includedNamespaces: backup.includedNamespaces,
      excludedResources: backup.excludedResources,
    };
    const items = [
      ...backups.snapshot(selection),
      ...(backup.extraObjects as unknown as KubeObject[]),
    ];
    backups.recordCompleted(
      {
        apiVersion: 'velero.io/v1',
        kind: 'Backup',
        metadata: {
          name: backup.name,
          labels: backup.labels,
          annotations: backup.annotations,
        },
        spec: {
          ...selection,
          storageLocation: backup.storageLocation,
          ttl: backup.ttl,
        },
      },
      items,
      backupStatus(backup, ctx.clock.now()),
    );
  }
}
