import { TestDatabases } from '@backstage/backend-test-utils';
import {
  actionsFixture,
  BOB,
  EVE,
  ORDERS,
  ORDERS_DB,
} from './__testUtils__/actionsFixture';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('get-restore-confidence', () => {
  let fixture: Awaited<ReturnType<typeof actionsFixture>>;
  beforeEach(async () => {
    fixture = await actionsFixture(databases);
  });

  it("answers each test's latest report: verdict, levels, RTO, backup age against RPO, why and what next", async () => {
    const output = await fixture.invoke('get-restore-confidence', {
      entityRef: 'component:default/orders',
    });
    expect(output.entityRef).toBe('component:default/orders');
    expect(output.restoreTabUrl).toBe(
      'http://portal.example/restore/component:default/orders',
    );
    const byName = Object.fromEntries(
      output.tests.map((t: any) => [t.testName, t]),
    );
    expect(byName.orders).toMatchObject({
      testId: ORDERS.id,
      phase: 'Completed',
      latestReport: {
        name: 'orders-20261122-030000',
        result: 'fail',
        score: 60,
        levelsFailed: ['Pod startup', 'RTO compliance'],
        levelsSkipped: [],
        levelsPassed: [
          'Restore integrity',
          'Completeness',
          'Application health',
          'Cross-namespace dependencies',
        ],
        rto: {
          measured: '20m',
          measuredMs: 1_200_000,
          target: '15m',
          withinTarget: false,
        },
        backup: {
          name: 'daily',
          age: '30h',
          rpoTarget: '24h',
          withinRpo: false,
        },
        topReason:
          'Pod startup: 0/1 pods ready (min: 1) after 5m; Pod orders-0 not Ready: CrashLoopBackOff (restarts: 6)',
      },
    });
    expect(byName.orders.latestReport.nextSteps).toEqual([
      'Pod orders-0 keeps crashing (CrashLoopBackOff)',
      'The backup was 30h old, over its 24h RPO target',
    ]);
    expect(byName['orders-db']).toEqual({
      testId: ORDERS_DB.id,
      testName: 'orders-db',
      phase: 'Idle',
    });
  });

  it('names no reason for a pass, and says why a definition is invalid', async () => {
    const payments = await fixture.invoke('get-restore-confidence', {
      entityRef: 'component:default/payments',
    });
    expect(payments.tests[0].latestReport.result).toBe('pass');
    expect(payments.tests[0].latestReport.topReason).toBeUndefined();
    const broken = await fixture.invoke('get-restore-confidence', {
      entityRef: 'component:default/broken',
    });
    expect(broken.tests[0]).toMatchObject({
      invalidDefinition: 'kymaros.io/schedule: invalid cron "every day"',
    });
  });

  it("matches the entity's name in any letter case, as the catalog does", async () => {
    const output = await fixture.invoke('get-restore-confidence', {
      entityRef: 'Component:default/ORDERS',
    });
    expect(output.entityRef).toBe('component:default/orders');
  });

  it('answers an entity without tests and one the caller may not read alike', async () => {
    await expect(
      fixture.invoke('get-restore-confidence', {
        entityRef: 'component:default/unknown',
      }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No restore tests for component:default/unknown',
    });
    await expect(
      fixture.invoke(
        'get-restore-confidence',
        { entityRef: 'component:default/orders' },
        EVE,
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No restore tests for component:default/orders',
    });
    // Reading needs no ownership.
    await expect(
      fixture.invoke(
        'get-restore-confidence',
        { entityRef: 'component:default/orders' },
        BOB,
      ),
    ).resolves.toMatchObject({ entityRef: 'component:default/orders' });
  });

  it.each([
    [
      'orders',
      'Invalid entityRef: Entity reference "orders" had missing or empty kind',
    ],
    ['component:default/', 'Invalid entityRef'],
    [
      'component:bad::ns/orders',
      'Invalid entityRef "component:bad::ns/orders"',
    ],
  ])('refuses the entity ref %j, naming it', async (entityRef, message) => {
    await expect(
      fixture.invoke('get-restore-confidence', { entityRef }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(message),
    });
  });

  it('refuses input its schema does not allow', async () => {
    await expect(
      fixture.invoke('get-restore-confidence', {}),
    ).rejects.toMatchObject({ name: 'InputError' });
  });
});
