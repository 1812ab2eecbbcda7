import { randomBytes } from 'node:crypto';
import { mockServices } from '@backstage/backend-test-utils';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { createVeleroProviderFactory } from './veleroProviderFactory';
import { trafficMeter } from './__testUtils__/trafficMeter';

jest.setTimeout(120_000);

type Sim = Awaited<ReturnType<typeof testSimulator>>;

const backupList =
  /^GET \/apis\/velero\.io\/v1\/namespaces\/velero\/backups(\?(?!.*watch=)|$)/;
const locationList =
  /^GET \/apis\/velero\.io\/v1\/namespaces\/velero\/backupstoragelocations/;
const downloadRequests =
  / \/apis\/velero\.io\/v1\/namespaces\/velero\/downloadrequests/;
const objectStore = /^GET \/object-store\//;

const shop = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', namespace: 'shop' },
  data: { a: '1' },
};

const unrelated = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    name: `unrelated-${i}`,
    includedNamespaces: [`team-${i}`],
    age: '3h',
  }));

async function simulator(unrelatedBackups: number, faults: object[] = []) {
  return testSimulator({
    scenario: {
      objects: [shop],
      backups: [
        { name: 'shop-daily', includedNamespaces: ['shop'], age: '1h' },
        ...unrelated(unrelatedBackups),
      ],
      faults,
    } as any,
  });
}

/** A provider as the engine makes one: per run, from the same factory. */
function runs(t: Sim) {
  const factory = createVeleroProviderFactory();
  return (): BackupProvider =>
    factory.create({
      kubeConfig: t.kc,
      cluster: 'sim',
      logger: mockServices.logger.mock(),
    });
}

async function eventually<T>(what: () => Promise<T>, ok: (v: T) => boolean) {
  const until = Date.now() + 5_000;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > until) return value;
    await new Promise(r => setTimeout(r, 25));
  }
}

async function completed(t: Sim, name: string, namespaces: string[]) {
  await t.createVelero('backups', 'Backup', name, {
    includedNamespaces: namespaces,
  });
  await eventually(
    () => t.getVelero('backups', name),
    b => b.status?.phase === 'Completed',
  );
}

describe('VeleroProvider cluster traffic', () => {
  const meter = trafficMeter();
  afterAll(() => meter.stop());

  it('lists the backups once for all runs on a cluster, whatever the number of unrelated backups', async () => {
    /** Bytes received by runs 2…6, after a first run. */
    async function laterRuns(unrelatedBackups: number) {
      const t = await simulator(unrelatedBackups);
      try {
        const provider = runs(t);
        const before = meter.requests(backupList).length;
        expect((await provider().getLatestBackup(['shop']))?.name).toBe(
          'shop-daily',
        );
        const start = meter.bytesReceived();
        for (let run = 2; run <= 6; run++)
          expect((await provider().getLatestBackup(['shop']))?.name).toBe(
            'shop-daily',
          );
        return {
          bytes: meter.bytesReceived() - start,
          lists: meter.requests(backupList).length - before,
        };
      } finally {
        await t.sim.stop();
      }
    }
    const few = await laterRuns(5);
    const many = await laterRuns(300);
    expect(few.lists).toBe(1);
    expect(many.lists).toBe(1);
    // Only each run's storage-location read remains, the same size either way.
    expect(Math.abs(many.bytes - few.bytes)).toBeLessThan(2_000);
  });

  describe('with a warm list', () => {
    let t: Sim;
    beforeAll(async () => {
      t = await simulator(20);
    });
    afterAll(() => t.sim.stop());

    it('selects a backup that completed a moment ago, without listing again', async () => {
      const provider = runs(t);
      expect((await provider().getLatestBackup(['shop']))?.name).toBe(
        'shop-daily',
      );
      const lists = meter.requests(backupList).length;
      await completed(t, 'shop-just-now', ['shop']);
      const latest = await eventually(
        () => provider().getLatestBackup(['shop']),
        b => b?.name === 'shop-just-now',
      );
      expect(latest?.name).toBe('shop-just-now');
      // A deleted backup leaves the list the same way.
      await t.custom.deleteNamespacedCustomObject({
        ...t.velero('backups'),
        name: 'shop-just-now',
      });
      expect(
        (
          await eventually(
            () => provider().getLatestBackup(['shop']),
            b => b?.name === 'shop-daily',
          )
        )?.name,
      ).toBe('shop-daily');
      expect(meter.requests(backupList).length).toBe(lists);
    });
  });

  it('without a lasting watch, trusts a list for two seconds only', async () => {
    const t = await simulator(5, [
      { path: '/backups$', method: 'GET', dropWatchAfterMs: 0 },
    ]);
    try {
      const provider = runs(t);
      const before = meter.requests(backupList).length;
      await provider().getLatestBackup(['shop']);
      await provider().getLatestBackup(['shop']);
      expect(meter.requests(backupList).length - before).toBe(1);
      await completed(t, 'shop-just-now', ['shop']);
      await new Promise(r => setTimeout(r, 2_100));
      expect((await provider().getLatestBackup(['shop']))?.name).toBe(
        'shop-just-now',
      );
      expect(meter.requests(backupList).length - before).toBe(2);
    } finally {
      await t.sim.stop();
    }
  });

  describe('a whole run', () => {
    let t: Sim;
    beforeAll(async () => {
      t = await testSimulator({
        scenario: {
          objects: [
            shop,
            // Incompressible data: the backup's tarball is megabytes.
            ...[1, 2, 3, 4].map(i => ({
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name: `blob-${i}`, namespace: 'shop' },
              data: { blob: randomBytes(600_000).toString('base64') },
            })),
          ],
          backups: [
            { name: 'shop-daily', includedNamespaces: ['shop'], age: '1h' },
          ],
        },
      });
      await t.core.createNamespace({ body: { metadata: { name: 'sb-shop' } } });
    });
    afterAll(() => t.sim.stop());

    it('reads the storage locations once, downloads each artifact once, and sizes the backup from headers', async () => {
      const provider = runs(t)();
      const start = meter.requests().length;
      const backup = (await provider.getLatestBackup(['shop']))!;
      const contents = await provider.getBackupContents(backup);
      const handle = await provider.triggerRestore(
        backup,
        { shop: 'sb-shop' },
        { runId: 'r1', name: 'kymaros-r1', labels: {} },
      );
      const outcome = await provider.waitForRestore(handle, {
        signal: AbortSignal.timeout(30_000),
      });
      expect(outcome.phase).toBe('Completed');
      const results = await provider.readRestoreResults!(
        handle,
        AbortSignal.timeout(30_000),
      );
      expect(results.items?.length).toBeGreaterThan(0);
      const sent = meter.requests().slice(start);
      const matching = (pattern: RegExp) =>
        sent.filter(line => pattern.test(line));

      expect(matching(locationList)).toHaveLength(1);
      // Four artifacts, each one DownloadRequest (created, watched from its
      // creation, deleted) and one GET of its object.
      expect(matching(downloadRequests)).toHaveLength(12);
      expect(matching(/^POST .*downloadrequests/)).toHaveLength(4);
      const objects = matching(objectStore).map(line => line.split('?')[0]);
      expect(objects).toHaveLength(4);
      expect(new Set(objects).size).toBe(4);

      const [, size, unit] = contents.size!.match(/^([\d.]+) (\w+)/)!;
      expect(unit).toBe('MiB');
      expect(Number(size)).toBeGreaterThanOrEqual(1.5);
      // The tarball's connection received its headers, not its megabytes.
      expect(
        meter.bytesReceivedFor(/^GET \/object-store\/.*\.tar\.gz/),
      ).toBeLessThan(256 * 1024);
    });
  });
});
