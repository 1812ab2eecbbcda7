import { gunzipSync } from 'node:zlib';
import { eventually, fetchObject as get } from '../contract/endpoint';
import { movableClock, testSimulator } from '../testing';

jest.setTimeout(30_000);

const terminal = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'];

const objects = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'app-config', namespace: 'shop' },
    data: { a: '1' },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'db',
      namespace: 'shop',
      annotations: {
        'sim.kymaros.io/restore-error':
          'admission webhook "quota.example.com" denied the request',
      },
    },
    stringData: { p: 'x' },
  },
];

describe('Velero failure modes', () => {
  it('reports PartiallyFailed with the item error keyed by the target namespace', async () => {
    const t = await testSimulator({
      scenario: {
        objects,
        backups: [{ name: 'nightly', includedNamespaces: ['shop'] }],
      },
    });
    try {
      await t.createVelero('restores', 'Restore', 'r', {
        backupName: 'nightly',
        includedNamespaces: ['shop'],
        namespaceMapping: { shop: 'sandbox-1' },
      });
      const r = await eventually(async () => {
        const x = await t.getVelero('restores', 'r');
        return terminal.includes(x.status?.phase) && x;
      });
      expect(r.status.phase).toBe('PartiallyFailed');
      expect(r.status.errors).toBe(1);
      expect(r.status.completionTimestamp).toBeDefined();
      await t.createVelero('downloadrequests', 'DownloadRequest', 'res', {
        target: { kind: 'RestoreResults', name: 'r' },
      });
      const dr = await eventually(
        async () =>
          (
            await t.getVelero('downloadrequests', 'res')
          ).status?.downloadURL,
      );
      const results = JSON.parse(
        gunzipSync((await get(dr, t.sim.caData)).body).toString(),
      );
      expect(results.errors.namespaces['sandbox-1'][0]).toContain(
        'quota.example.com',
      );
      await expect(
        t.core.readNamespacedSecret({ namespace: 'sandbox-1', name: 'db' }),
      ).rejects.toMatchObject({ code: 404 });
      await t.core.readNamespacedConfigMap({
        namespace: 'sandbox-1',
        name: 'app-config',
      });
    } finally {
      await t.sim.stop();
    }
  });

  it('fails a restore with a reason, and keeps a stuck one InProgress, blocking the queue until it is deleted', async () => {
    const t = await testSimulator({
      scenario: {
        objects,
        backups: [
          {
            name: 'broken',
            includedNamespaces: ['shop'],
            annotations: {
              'sim.kymaros.io/restore-outcome': 'Failed',
              'sim.kymaros.io/failure-reason': 'error downloading backup',
            },
          },
          {
            name: 'hangs',
            includedNamespaces: ['shop'],
            annotations: { 'sim.kymaros.io/restore-outcome': 'stuck' },
          },
          { name: 'fine', includedNamespaces: ['shop'] },
        ],
      },
    });
    try {
      await t.createVelero('restores', 'Restore', 'f', {
        backupName: 'broken',
        includedNamespaces: ['shop'],
        namespaceMapping: { shop: 'sb-f' },
      });
      const failed = await eventually(async () => {
        const x = await t.getVelero('restores', 'f');
        return terminal.includes(x.status?.phase) && x;
      });
      expect(failed.status).toMatchObject({
        phase: 'Failed',
        failureReason: 'error downloading backup',
      });
      expect(failed.status.startTimestamp).toBeDefined();
      expect(failed.status.completionTimestamp).toBeDefined();

      await t.createVelero('restores', 'Restore', 's', {
        backupName: 'hangs',
        includedNamespaces: ['shop'],
        namespaceMapping: { shop: 'sb-s' },
      });
      await eventually(
        async () =>
          (await t.getVelero('restores', 's')).status?.phase === 'InProgress',
      );
      await t.createVelero('restores', 'Restore', 'w', {
        backupName: 'fine',
        includedNamespaces: ['shop'],
        namespaceMapping: { shop: 'sb-w' },
      });
      await new Promise(r => setTimeout(r, 800));
      expect((await t.getVelero('restores', 'w')).status?.phase ?? '').toBe('');
      // Deleting the stuck restore (its finalizer is handled) lets the queue move on.
      await t.custom.deleteNamespacedCustomObject({
        ...t.velero('restores'),
        name: 's',
      });
      await eventually(
        async () =>
          (await t.getVelero('restores', 'w')).status?.phase ===
          'PartiallyFailed',
      );
    } finally {
      await t.sim.stop();
    }
  });

  it('fails validation when the storage location is unavailable', async () => {
    const t = await testSimulator({
      scenario: {
        objects,
        velero: {
          namespace: 'velero',
          storageLocations: [{ name: 'default', phase: 'Unavailable' }],
        },
        backups: [{ name: 'b', includedNamespaces: ['shop'] }],
      },
    });
    try {
      await t.createVelero('restores', 'Restore', 'r', {
        backupName: 'b',
        includedNamespaces: ['shop'],
        namespaceMapping: { shop: 'x' },
      });
      const r = await eventually(async () => {
        const x = await t.getVelero('restores', 'r');
        return terminal.includes(x.status?.phase) && x;
      });
      expect(r.status).toEqual({
        phase: 'FailedValidation',
        validationErrors: [
          'The BSL default is unavailable, cannot retrieve the backup',
        ],
      });
    } finally {
      await t.sim.stop();
    }
  });

  it('never processes a DownloadRequest for a missing backup, and expires URLs after ten minutes', async () => {
    const clock = movableClock();
    const t = await testSimulator({
      clock,
      scenario: {
        objects,
        backups: [{ name: 'b', includedNamespaces: ['shop'] }],
      },
    });
    try {
      await t.createVelero('downloadrequests', 'DownloadRequest', 'missing', {
        target: { kind: 'BackupResourceList', name: 'nope' },
      });
      await t.createVelero('downloadrequests', 'DownloadRequest', 'ok', {
        target: { kind: 'BackupResourceList', name: 'b' },
      });
      const url = await eventually(
        async () =>
          (
            await t.getVelero('downloadrequests', 'ok')
          ).status?.downloadURL,
      );
      expect(
        (await t.getVelero('downloadrequests', 'missing')).status?.phase,
      ).toBeUndefined();
      expect((await get(url, t.sim.caData)).status).toBe(200);
      clock.advance(10 * 60 * 1000 + 1000);
      const expired = await get(url, t.sim.caData);
      expect(expired.status).toBe(403);
      expect(expired.body.toString()).toContain('Request has expired');
      // URLs are issued without checking the file: one Velero never wrote answers 404.
      await t.createVelero('downloadrequests', 'DownloadRequest', 'noops', {
        target: { kind: 'BackupItemOperations', name: 'b' },
      });
      const opsUrl = await eventually(
        async () =>
          (
            await t.getVelero('downloadrequests', 'noops')
          ).status?.downloadURL,
      );
      expect((await get(opsUrl, t.sim.caData)).status).toBe(404);
    } finally {
      await t.sim.stop();
    }
  });

  it('creates backups from a Schedule at its cron time', async () => {
    const clock = movableClock();
    const t = await testSimulator({ clock, scenario: { objects } });
    try {
      // A second before the next minute (once started, however long that took), so it fires almost at once.
      clock.advance((119_000 - (clock.now() % 60_000)) % 60_000);
      await t.createVelero('schedules', 'Schedule', 'every-minute', {
        schedule: '* * * * *',
        template: { includedNamespaces: ['shop'] },
      });
      const backup = await eventually(
        async () => {
          const list: any = await t.custom.listNamespacedCustomObject({
            ...t.velero('backups'),
            labelSelector: 'velero.io/schedule-name=every-minute',
          });
          return list.items.find((b: any) => b.status?.phase === 'Completed');
        },
        10_000,
        'scheduled backup',
      );
      expect(backup.metadata.name).toMatch(/^every-minute-\d{14}$/);
      const schedule = await t.getVelero('schedules', 'every-minute');
      expect(schedule.status.phase).toBe('Enabled');
      expect(schedule.status.lastBackup).toBeDefined();
    } finally {
      await t.sim.stop();
    }
  });
});
