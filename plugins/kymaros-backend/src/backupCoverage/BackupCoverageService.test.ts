import { mockServices } from '@backstage/backend-test-utils';
import { KubeConfig } from '@kubernetes/client-node';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ProviderFactory } from '../providers/ProviderFactory';
import { ProviderRegistry } from '../providers/ProviderRegistry';
import { simulatorConfig } from '../run/__testUtils__/simulatorCluster';
import {
  coverageScenario,
  schedule,
  storedTest,
} from './__testUtils__/coverageFixtures';
import { BackupCoverageService } from './BackupCoverageService';

jest.setTimeout(60_000);

describe('BackupCoverageService against a simulated cluster', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let service: BackupCoverageService;
  beforeAll(async () => {
    t = await testSimulator({ scenario: coverageScenario });
    const logger = mockServices.logger.mock();
    const clusters = new ClusterRegistry(simulatorConfig(t).clusters);
    service = new BackupCoverageService({
      clusters,
      providerFactory: new ProviderFactory({
        providers: new ProviderRegistry(),
        clusters,
        logger,
      }),
      logger,
    });
  });
  afterAll(() => t.sim.stop());

  it('judges each test from the schedules and backups of its namespaces', async () => {
    const [covered, stale, failing, none, unsupported, nowhere] =
      await service.coverageOfTests([
        storedTest('shop', ['shop'], { maxRPO: '24h' }),
        storedTest('shop-tight', ['shop'], { maxRPO: '1h' }),
        storedTest('shop-db', ['shop-db']),
        storedTest('both', ['shop', 'lonely']),
        storedTest('kasten', ['shop'], { provider: 'kasten' }),
        storedTest('elsewhere', ['shop'], { cluster: 'nowhere' }),
      ]);
    expect(covered).toMatchObject({
      entityRef: 'component:default/shop',
      testId: 'component:default/shop:shop',
      testName: 'shop',
      provider: 'velero',
      cluster: 'sim',
      namespaces: ['shop'],
      status: 'covered',
      uncovered: [],
      rpoTarget: '24h',
      canBackUpNow: true,
      schedules: [
        {
          provider: 'velero',
          kind: 'Schedule',
          namespace: 'velero',
          name: 'shop-daily',
          cron: '0 2 * * *',
          paused: false,
          retention: "ttl 720h0m0s (Velero's default)",
          namespaces: ['shop'],
          lastSuccess: { name: 'shop-daily-1' },
        },
      ],
    });
    expect(covered.detail).toMatch(
      /^Backed up on schedule by velero\/shop-daily; the newest backup, shop-daily-1, is 3h old \(RPO target 24h\)\.$/,
    );
    expect(stale.status).toBe('stale');
    expect(stale.detail).toMatch(
      /shop-daily-1, is 3h.* over the RPO target of 1h/,
    );
    expect(failing).toMatchObject({
      status: 'failing',
      canBackUpNow: true,
      schedules: [
        {
          name: 'shop-db-nightly',
          lastSuccess: { name: 'shop-db-nightly-1' },
          lastFailure: {
            name: 'shop-db-nightly-2',
            reason: 'volume snapshot timed out',
          },
        },
      ],
    });
    expect(failing.detail).toMatch(
      /^The latest backup of Schedule velero\/shop-db-nightly, shop-db-nightly-2, failed at .*: volume snapshot timed out\.$/,
    );
    expect(none).toMatchObject({
      status: 'no-schedule',
      uncovered: ['lonely'],
      detail: 'No backup schedule takes namespace "lonely".',
    });
    expect(unsupported).toMatchObject({ status: 'unknown', schedules: [] });
    // The provider is what is missing, not the cluster.
    expect(unsupported.detail).toMatch(/^Unsupported provider "kasten"/);
    expect(nowhere).toMatchObject({ status: 'unknown', canBackUpNow: false });
    expect(nowhere.detail).toMatch(/^Cluster "nowhere" could not be read: /);
  });

  it('says why an invalid test has no coverage', async () => {
    const invalid = storedTest('broken', ['shop'], {
      record: { spec: undefined, error: 'kymaros.io/namespaces is empty' },
    });
    expect(await service.coverageOf(invalid)).toMatchObject({
      status: 'unknown',
      detail:
        "The restore test's definition is invalid: kymaros.io/namespaces is empty",
      canBackUpNow: false,
    });
  });

  it('reuses what it read until told to forget the cluster', async () => {
    const lonely = storedTest('lonely', ['lonely']);
    expect((await service.coverageOf(lonely)).status).toBe('no-schedule');
    await t.custom.createNamespacedCustomObject({
      ...t.velero('schedules'),
      body: schedule('lonely-hourly', ['lonely']),
    });
    expect((await service.coverageOf(lonely)).status).toBe('no-schedule');
    service.forget('sim');
    const fresh = await service.coverageOf(lonely);
    // Scheduled now, but nothing backed up yet.
    expect(fresh).toMatchObject({
      status: 'stale',
      detail: 'No successful backup holds "lonely" yet.',
    });
  });
});

describe('BackupCoverageService bounds', () => {
  const clusters = { kubeConfig: async () => new KubeConfig() };

  function serviceWith(provider: Partial<BackupProvider>, timeoutMs = 200) {
    return new BackupCoverageService({
      clusters,
      providerFactory: {
        create: () =>
          ({
            name: 'velero',
            ownedObjects: [],
            getLatestBackup: async () => undefined,
            ...provider,
          } as unknown as BackupProvider),
      },
      logger: mockServices.logger.mock(),
      clusterTimeoutMs: timeoutMs,
    });
  }

  it('gives unknown when the provider does not answer in time', async () => {
    const service = serviceWith({
      listSchedules: () => new Promise(() => {}),
    });
    const started = Date.now();
    const coverage = await service.coverageOf(storedTest('slow', ['slow']));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(coverage.status).toBe('unknown');
    expect(coverage.detail).toMatch(/took over 200 ms/);
  });

  it('never shows credentials from an error', async () => {
    const service = serviceWith({
      listSchedules: async () => {
        throw new Error(
          'Unauthorized: request with Authorization: Bearer eyJhbGciOi.secret-part and token=abc123 refused',
        );
      },
    });
    const { detail, status } = await service.coverageOf(
      storedTest('creds', ['creds']),
    );
    expect(status).toBe('unknown');
    expect(detail).toMatch(/Unauthorized/);
    expect(detail).not.toMatch(/eyJhbGciOi|secret-part|abc123/);
  });

  it('gives unknown for a provider that cannot list schedules, saying so', async () => {
    const service = serviceWith({ displayName: 'Kasten K10' });
    expect(await service.coverageOf(storedTest('k10', ['k10']))).toMatchObject({
      status: 'unknown',
      detail: 'Kasten K10 cannot list its backup schedules here.',
      canBackUpNow: false,
    });
  });
});
