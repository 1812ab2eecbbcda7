import { mockServices } from '@backstage/backend-test-utils';
import type { BackupCoverage } from '@kymaros/plugin-kymaros-common';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ProviderFactory } from '../providers/ProviderFactory';
import { ProviderRegistry } from '../providers/ProviderRegistry';
import {
  catalogSource,
  demoEntities,
  fastDemoScenario,
} from '../run/__testUtils__/demoCatalog';
import { simulatorConfig } from '../run/__testUtils__/simulatorCluster';
import { testEngine } from '../run/__testUtils__/testEngine';
import { BackupCoverageService } from './BackupCoverageService';

jest.setTimeout(120_000);

/** The demo catalog on the demo cluster: the coverage overview shows each status. */
describe('backup coverage of the demo services', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  const coverage = new Map<string, BackupCoverage>();

  beforeAll(async () => {
    t = await testSimulator(fastDemoScenario());
    const config = simulatorConfig(t, {}, 'simulator');
    const logger = mockServices.logger.mock();
    const engine = await testEngine({
      config,
      logger,
      protectedNamespaces: ['kube-system', 'default'],
    });
    const tests = (
      await catalogSource(
        demoEntities(),
        engine.definitionContext,
        logger,
      ).loadAll()
    ).map(test => ({
      ...test,
      state: { phase: 'Idle' as const },
      createdAt: '',
      updatedAt: '',
    }));
    const clusters = new ClusterRegistry(config.clusters);
    const service = new BackupCoverageService({
      clusters,
      providerFactory: new ProviderFactory({
        providers: new ProviderRegistry(),
        clusters,
        logger,
      }),
      logger,
    });
    for (const item of await service.coverageOfTests(tests))
      coverage.set(item.entityRef, item);
    await engine.knex.destroy();
  });
  afterAll(() => t?.sim.stop());

  const of = (name: string) => coverage.get(`component:default/${name}`)!;

  it('shows payments covered by its daily schedule', () => {
    expect(of('payments-api')).toMatchObject({
      status: 'covered',
      canBackUpNow: true,
      schedules: [
        {
          name: 'payments-daily',
          lastSuccess: { name: 'payments-daily-20261122020000' },
        },
      ],
    });
  });

  it('shows search failing: its latest nightly backup failed', () => {
    const search = of('catalog-search');
    expect(search.status).toBe('failing');
    expect(search.detail).toMatch(
      /search-nightly-20261122040000, failed at .*InsufficientStorage/,
    );
    expect(search.schedules[0].lastSuccess?.name).toBe(
      'search-nightly-20261122010000',
    );
  });

  it('shows storefront with one of its two namespaces unscheduled', () => {
    expect(of('storefront')).toMatchObject({
      status: 'no-schedule',
      uncovered: ['storefront-web'],
      rpoTarget: '6h',
      schedules: [{ name: 'storefront-6h', namespaces: ['storefront-data'] }],
    });
  });

  it('shows orders covered and the service without backups unscheduled', () => {
    expect(of('orders').status).toBe('covered');
    expect(of('legacy-reports')).toMatchObject({
      status: 'no-schedule',
      uncovered: ['reports'],
    });
  });
});
