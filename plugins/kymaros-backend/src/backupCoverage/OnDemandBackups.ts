import { randomBytes } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  NotImplementedError,
} from '@backstage/errors';
import {
  MANAGED_BY_VALUE,
  SANDBOX_LABELS,
  type OnDemandBackupResponse,
} from '@kymaros/plugin-kymaros-common';
import type {
  BackupProvider,
  BackupSchedule,
} from '@kymaros/plugin-kymaros-node';
import type { KymarosStore, StoredTest } from '../store/KymarosStore';
import { toLabelValue } from '../sandbox/sandboxName';
import { providerTitle } from '@kymaros/plugin-kymaros-common';

/** Backup phases after which nothing more happens (vmware-tanzu/velero@main pkg/apis/velero/v1/backup_types.go). */
const FINISHED_PHASES = new Set([
  'Completed',
  'PartiallyFailed',
  'Failed',
  'FailedValidation',
  'Deleting',
]);

/** A recorded backup not yet in the cluster is taken as still being created for this long. */
const CREATE_GRACE_MS = 60_000;
/** How long an unfinished on-demand backup holds back the next one (a day: longer than any backup should run). */
const STUCK_AFTER_MS = 24 * 3600_000;

export interface OnDemandBackupsOptions {
  store: KymarosStore;
  clusters: { kubeConfig(cluster: string): Promise<KubeConfig> };
  providerFactory: {
    create(
      name: string,
      cluster: string,
      kubeConfig: KubeConfig,
    ): BackupProvider;
  };
  now?: () => Date;
}

/** Errors after which the backup was certainly not created: its record can go. */
const certainlyNotCreated = [InputError, NotFoundError, NotAllowedError];

/**
 * Backups of a test's namespaces taken now, one at a time per test: the
 * name is recorded before the backup is created, as restores are, and the
 * backup is never deleted by the engine (the provider expires it by its TTL).
 */
export class OnDemandBackups {
  /** Tests with a request being handled in this process: two clicks make one backup. */
  private readonly starting = new Set<string>();

  constructor(private readonly options: OnDemandBackupsOptions) {}

  async start(test: StoredTest): Promise<OnDemandBackupResponse> {
    if (!test.spec)
      throw new ConflictError(
        `Restore test ${test.id} has an invalid definition: ${
          test.error ?? 'no spec'
        }`,
      );
    if (this.starting.has(test.id))
      throw new ConflictError(
        `A backup of ${test.id} is being started already`,
      );
    this.starting.add(test.id);
    try {
      return await this.startOnce(test);
    } finally {
      this.starting.delete(test.id);
    }
  }

  private async startOnce(test: StoredTest): Promise<OnDemandBackupResponse> {
    const { provider: providerName, namespaces: listed } =
      test.spec!.backupSource;
    const namespaces = listed.map(n => n.name);
    const kubeConfig = await this.options.clusters.kubeConfig(test.cluster);
    const provider = this.options.providerFactory.create(
      providerName,
      test.cluster,
      kubeConfig,
    );
    if (!provider.createBackup) {
      const tool = provider.displayName ?? providerTitle(provider.name);
      throw new NotImplementedError(
        `${tool} cannot take a backup on demand from the portal; start one with ${tool}'s own tools`,
      );
    }
    await this.refuseWhileRunning(test, provider);
    const schedule = await this.coveringSchedule(provider, namespaces);
    const name = `kymaros-backup-${randomBytes(4).toString('hex')}`;
    const key = {
      cluster: test.cluster,
      kind: 'Backup' as const,
      namespace: '',
      name,
    };
    await this.options.store.recordObject({
      ...key,
      provider: provider.name,
      runId: name,
      testId: test.id,
      // Kept beyond any run: the reaper and cleanup leave Backup records alone.
      expiresAt: new Date(this.now().getTime() + CREATE_GRACE_MS).toISOString(),
    });
    try {
      const backup = await provider.createBackup(namespaces, {
        name,
        labels: {
          [SANDBOX_LABELS.managedBy]: MANAGED_BY_VALUE,
          [SANDBOX_LABELS.test]: toLabelValue(test.name),
        },
        schedule: schedule && {
          name: schedule.name,
          namespace: schedule.namespace,
        },
      });
      return {
        provider: provider.name,
        cluster: test.cluster,
        backup: backup.name,
        namespaces,
        phase: backup.phase,
      };
    } catch (e) {
      if (certainlyNotCreated.some(type => e instanceof type))
        await this.options.store.releaseObject(key);
      throw e;
    }
  }

  /**
   * 409 while a backup the portal started for the test is still going;
   * records of finished or vanished ones are forgotten (the backups stay).
   */
  private async refuseWhileRunning(test: StoredTest, provider: BackupProvider) {
    const records = (
      await this.options.store.listObjects({
        cluster: test.cluster,
        kind: 'Backup',
      })
    ).filter(r => r.testId === test.id);
    for (const record of records) {
      const live = await provider.getBackup(record.name);
      const age = this.now().getTime() - Date.parse(record.createdAt);
      // A backup the provider never picked up (its controller down) stops blocking after a while.
      const running =
        live && !FINISHED_PHASES.has(live.phase) && age < STUCK_AFTER_MS;
      if (live ? running : age < CREATE_GRACE_MS)
        throw new ConflictError(
          `Backup ${record.name} of ${
            test.id
          }, started from the portal, is still running (${
            live ? live.phase || 'New' : 'being created'
          }); wait for it to finish`,
        );
      await this.options.store.releaseObject(record);
    }
  }

  /**
   * The schedule whose settings the backup copies: one covering every
   * namespace, healthy and running first, when the provider lists them.
   */
  private async coveringSchedule(
    provider: BackupProvider,
    namespaces: string[],
  ): Promise<BackupSchedule | undefined> {
    const schedules = (await provider.listSchedules?.(namespaces)) ?? [];
    const rank = (s: BackupSchedule) => (s.paused ? 1 : 0);
    // A schedule that failed validation may hold the very setting that broke it.
    return schedules
      .filter(s => !s.problem)
      .filter(s => namespaces.every(ns => s.namespaces.includes(ns)))
      .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))[0];
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
