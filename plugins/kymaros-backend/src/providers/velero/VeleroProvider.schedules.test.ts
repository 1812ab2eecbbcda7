import * as k8s from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { VeleroProvider } from './VeleroProvider';
import { WriteGuard } from '../../sandbox/WriteGuard';
import { guardedKubeConfig } from '../../sandbox/guardedKubeConfig';

jest.setTimeout(60_000);

const schedule = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'velero.io/v1',
  kind: 'Schedule',
  metadata: { name, namespace: 'velero' },
  spec,
});

const configMap = (namespace: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', namespace },
  data: { a: '1' },
});

const scheduled = (name: string, scheduleName: string) => ({
  name,
  includedNamespaces: ['shop'],
  labels: { 'velero.io/schedule-name': scheduleName },
});

describe('VeleroProvider schedules and on-demand backups', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let provider: VeleroProvider;
  beforeAll(async () => {
    t = await testSimulator({
      scenario: {
        velero: {
          namespace: 'velero',
          storageLocations: [
            { name: 'default', phase: 'Available', default: true },
            { name: 'offsite', phase: 'Available' },
          ],
        },
        objects: [
          configMap('shop'),
          configMap('shop-db'),
          configMap('other'),
          schedule('shop-daily', {
            schedule: '0 2 * * *',
            template: {
              includedNamespaces: ['shop'],
              ttl: '168h0m0s',
              storageLocation: 'offsite',
              snapshotVolumes: false,
              defaultVolumesToFsBackup: true,
              hooks: { resources: [{ name: 'freeze' }] },
              excludedResources: ['secrets'],
            },
          }),
          schedule('shop-star', {
            schedule: '0 3 * * *',
            paused: true,
            template: { includedNamespaces: ['shop-*'] },
          }),
          schedule('everything-but-shop', {
            schedule: '0 */6 * * *',
            template: {
              includedNamespaces: ['*'],
              excludedNamespaces: ['shop', 'kube-*'],
            },
          }),
          schedule('broken', {
            schedule: 'every day at two',
            template: { includedNamespaces: ['shop'] },
          }),
          schedule('other-only', {
            schedule: '0 1 * * *',
            template: { includedNamespaces: ['other'] },
          }),
        ],
        backups: [
          { ...scheduled('shop-daily-old', 'shop-daily'), age: '26h' },
          { ...scheduled('shop-daily-new', 'shop-daily'), age: '2h' },
          {
            ...scheduled('shop-daily-failed', 'shop-daily'),
            age: '1h',
            phase: 'Failed',
            annotations: {
              'sim.kymaros.io/backup-failure-reason':
                'error getting backup storage location: offsite unreachable',
            },
          },
          {
            ...scheduled('shop-daily-partly', 'shop-daily'),
            age: '30h',
            phase: 'PartiallyFailed',
          },
          { name: 'unlabelled', includedNamespaces: ['shop'], age: '10m' },
        ],
      },
    });
    // As the engine builds it: behind a write guard that knows only what the provider owns.
    const owned: ConstructorParameters<typeof WriteGuard>[0] = [];
    provider = new VeleroProvider({
      kubeConfig: guardedKubeConfig(t.kc, new WriteGuard(owned)),
      namespace: 'velero',
      logger: mockServices.logger.mock(),
    });
    owned.push(...provider.ownedObjects);
  });
  afterAll(() => t.sim.stop());

  const byName = async (namespaces: string[]) =>
    Object.fromEntries(
      (await provider.listSchedules(namespaces)).map(s => [s.name, s]),
    );

  it('lists the schedules whose template takes the namespaces, with globs and exclusions', async () => {
    const shop = await byName(['shop']);
    expect(Object.keys(shop).sort()).toEqual(['broken', 'shop-daily']);
    const shopDb = await byName(['shop-db']);
    expect(Object.keys(shopDb).sort()).toEqual([
      'everything-but-shop',
      'shop-star',
    ]);
    const both = await byName(['shop', 'shop-db', 'nowhere-else']);
    expect(both['shop-daily'].namespaces).toEqual(['shop']);
    expect(both['everything-but-shop'].namespaces).toEqual([
      'shop-db',
      'nowhere-else',
    ]);
    expect(await provider.listSchedules(['kube-system'])).toEqual([]);
  });

  it('gives cron, pause, retention and the last success and failure from the labelled backups', async () => {
    const { 'shop-daily': daily } = await byName(['shop']);
    expect(daily).toMatchObject({
      provider: 'velero',
      kind: 'Schedule',
      namespace: 'velero',
      cron: '0 2 * * *',
      paused: false,
      retention: 'ttl 168h0m0s',
      namespaces: ['shop'],
      lastSuccess: { backup: 'shop-daily-new' },
      lastFailure: {
        backup: 'shop-daily-failed',
        reason: 'error getting backup storage location: offsite unreachable',
      },
    });
    expect(daily.problem).toBeUndefined();
    expect(daily.lastSuccess!.reason).toBeUndefined();
    // The failure ended after the success: its time says so.
    expect(Date.parse(daily.lastFailure!.at)).toBeGreaterThan(
      Date.parse(daily.lastSuccess!.at),
    );
    const { 'shop-star': star } = await byName(['shop-db']);
    expect(star).toMatchObject({
      paused: true,
      retention: "ttl 720h0m0s (Velero's default)",
    });
    expect(star.lastSuccess).toBeUndefined();
    expect(star.lastFailure).toBeUndefined();
  });

  it('says why a schedule failed validation', async () => {
    const { broken } = await byName(['shop']);
    expect(broken.problem).toMatch(/^failed validation: invalid schedule/);
  });

  it('creates a backup of exactly the namespaces with the schedule settings, which Velero completes', async () => {
    const ref = await provider.createBackup(['shop', 'shop-db'], {
      name: 'kymaros-backup-t1',
      labels: { 'kymaros.io/test': 'shop' },
      schedule: { name: 'shop-daily', namespace: 'velero' },
    });
    expect(ref).toMatchObject({
      name: 'kymaros-backup-t1',
      provider: 'velero',
      phase: '',
      includedNamespaces: ['shop', 'shop-db'],
      storageLocation: 'offsite',
    });
    const stored = await t.getVelero('backups', 'kymaros-backup-t1');
    expect(stored.metadata.labels).toMatchObject({
      'kymaros.io/test': 'shop',
    });
    // Where and how it is kept comes from the schedule; hooks and filters do not.
    expect(stored.spec).toEqual({
      includedNamespaces: ['shop', 'shop-db'],
      ttl: '168h0m0s',
      storageLocation: 'offsite',
      snapshotVolumes: false,
      defaultVolumesToFsBackup: true,
    });
    for (let i = 0; i < 50; i++) {
      const backup = await provider.getBackup('kymaros-backup-t1');
      if (backup?.phase === 'Completed') return;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error('the on-demand backup never completed');
  });

  it('creates a plain backup without a schedule', async () => {
    await provider.createBackup(['other'], {
      name: 'kymaros-backup-t2',
      labels: {},
    });
    const stored = await t.getVelero('backups', 'kymaros-backup-t2');
    expect(stored.spec).toEqual({ includedNamespaces: ['other'] });
  });

  it.each([
    [['shop'], 'payments-now', undefined, /must start with "kymaros-"/],
    [
      ['shop'],
      'kymaros-Bad_Name',
      undefined,
      /not a valid Kubernetes object name/,
    ],
    [[], 'kymaros-backup-t3', undefined, /at least one namespace/],
    [
      ['../etc'],
      'kymaros-backup-t3',
      undefined,
      /"..\/etc" is not a namespace name/,
    ],
    [
      ['shop'],
      'kymaros-backup-t3',
      { name: 'nope', namespace: 'velero' },
      /no schedule velero\/nope/,
    ],
    [
      ['shop'],
      'kymaros-backup-t3',
      { name: 'shop-daily', namespace: 'kube-system' },
      /not in Velero's namespace/,
    ],
  ])(
    'refuses %j named %s (schedule %j)',
    async (namespaces, name, from, message) => {
      await expect(
        provider.createBackup(namespaces, {
          name,
          labels: {},
          schedule: from,
        }),
      ).rejects.toThrow(message);
      expect(
        (
          await t.custom.listNamespacedCustomObject(t.velero('backups'))
        ).items.map((b: any) => b.metadata.name),
      ).not.toContain(name);
    },
  );

  it('cannot delete or change any backup through its guarded connection, its own included', async () => {
    const guarded = new WriteGuard(provider.ownedObjects);
    const custom = guardedKubeConfig(t.kc, guarded).makeApiClient(
      k8s.CustomObjectsApi,
    );
    for (const name of ['kymaros-backup-t1', 'shop-daily-new']) {
      await expect(
        custom.deleteNamespacedCustomObject({ ...t.velero('backups'), name }),
      ).rejects.toThrow(NotAllowedError);
      await expect(
        custom.patchNamespacedCustomObject({
          ...t.velero('backups'),
          name,
          body: [{ op: 'replace', path: '/spec/ttl', value: '1s' }],
        }),
      ).rejects.toThrow(NotAllowedError);
    }
    await expect(
      custom.deleteCollectionNamespacedCustomObject(t.velero('backups')),
    ).rejects.toThrow(NotAllowedError);
    expect(await provider.getBackup('shop-daily-new')).toBeDefined();
  });
});
