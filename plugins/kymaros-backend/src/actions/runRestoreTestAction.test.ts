import { TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import {
  actionsFixture,
  ALICE,
  BOB,
  BROKEN,
  EVE,
  ORDERS,
  PAYMENTS,
} from './__testUtils__/actionsFixture';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('run-restore-test', () => {
  let fixture: Awaited<ReturnType<typeof actionsFixture>>;
  beforeEach(async () => {
    fixture = await actionsFixture(databases);
  });

  it('requests a run by test id for an owner of the entity, in the caller’s name', async () => {
    const output = await fixture.invoke('run-restore-test', {
      testId: ORDERS.id,
    });
    expect(output).toEqual({
      requested: true,
      testId: ORDERS.id,
      testName: 'orders',
      entityRef: 'component:default/orders',
      message: expect.stringContaining(`Run of ${ORDERS.id} requested`),
      restoreTabUrl: 'http://portal.example/restore/component:default/orders',
    });
    expect(fixture.requestRun).toHaveBeenCalledWith(ORDERS.id, ALICE);
  });

  it('finds the test by entity and name, or the entity’s only test', async () => {
    await fixture.invoke('run-restore-test', {
      entityRef: 'component:default/orders',
      testName: 'orders-db',
    });
    await fixture.invoke(
      'run-restore-test',
      { entityRef: 'component:default/payments' },
      BOB,
    );
    expect(fixture.requestRun.mock.calls).toEqual([
      ['component:default/orders:orders-db', ALICE],
      [PAYMENTS.id, BOB],
    ]);
  });

  it('refuses a reader without kymaros.restoretest.run on the entity, and hides the tests of unreadable entities', async () => {
    await expect(
      fixture.invoke('run-restore-test', { testId: ORDERS.id }, BOB),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'You may not use kymaros.restoretest.run on component:default/orders',
    });
    await expect(
      fixture.invoke('run-restore-test', { testId: ORDERS.id }, EVE),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: `No restore test ${ORDERS.id}`,
    });
    await expect(
      fixture.invoke(
        'run-restore-test',
        { entityRef: 'component:default/orders', testName: 'orders' },
        EVE,
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No restore tests for component:default/orders',
    });
    expect(fixture.requestRun).not.toHaveBeenCalled();
  });

  it('answers requested: false with the reason when a run is going or the definition is invalid', async () => {
    fixture.requestRun.mockRejectedValueOnce(
      new ConflictError(`Restore test ${ORDERS.id} is already running`),
    );
    await expect(
      fixture.invoke('run-restore-test', { testId: ORDERS.id }),
    ).resolves.toMatchObject({
      requested: false,
      message: `Restore test ${ORDERS.id} is already running`,
    });
    await expect(
      fixture.invoke('run-restore-test', { testId: BROKEN.id }, BOB),
    ).resolves.toMatchObject({
      requested: false,
      message: expect.stringContaining('is invalid and cannot run'),
    });
  });

  it('records who asked to run which test, and the outcome, accepted or refused', async () => {
    await fixture.invoke('run-restore-test', { testId: ORDERS.id });
    await expect(
      fixture.invoke('run-restore-test', { testId: ORDERS.id }, BOB),
    ).rejects.toThrow();
    await fixture.invoke('run-restore-test', { testId: BROKEN.id }, BOB);
    expect(fixture.audits).toEqual([
      {
        options: {
          eventId: 'restore-test-run',
          severityLevel: 'medium',
          meta: { via: 'action', requestedBy: ALICE, testId: ORDERS.id },
        },
        ended: {
          as: 'success',
          meta: { testId: ORDERS.id, outcome: 'accepted' },
        },
      },
      {
        options: expect.objectContaining({
          meta: { via: 'action', requestedBy: BOB, testId: ORDERS.id },
        }),
        ended: {
          as: 'fail',
          error: expect.objectContaining({ name: 'NotAllowedError' }),
        },
      },
      {
        options: expect.objectContaining({
          meta: { via: 'action', requestedBy: BOB, testId: BROKEN.id },
        }),
        ended: {
          as: 'fail',
          meta: { testId: BROKEN.id, outcome: 'refused' },
          error: expect.objectContaining({
            name: 'ConflictError',
            message: expect.stringContaining('is invalid and cannot run'),
          }),
        },
      },
    ]);
  });

  it('passes other failures of the run path on', async () => {
    fixture.requestRun.mockRejectedValueOnce(new Error('scheduler down'));
    await expect(
      fixture.invoke('run-restore-test', { testId: ORDERS.id }),
    ).rejects.toThrow('scheduler down');
  });

  it.each([
    [{}, 'InputError', 'Give testId, or entityRef (and testName)'],
    [
      { testId: ORDERS.id, entityRef: 'component:default/orders' },
      'InputError',
      `Give either testId (${ORDERS.id}) or entityRef and testName, not both`,
    ],
    [
      { entityRef: 'component:default/orders' },
      'InputError',
      'component:default/orders has 2 restore tests (orders, orders-db): give testName',
    ],
    [
      { entityRef: 'component:default/orders', testName: 'nope' },
      'NotFoundError',
      'component:default/orders has no restore test named nope (its tests: orders, orders-db)',
    ],
    [
      { testId: 'component:default/unknown:x' },
      'NotFoundError',
      'No restore test component:default/unknown:x',
    ],
    [
      { entityRef: 'orders' },
      'InputError',
      'Invalid entityRef: Entity reference "orders" had missing or empty kind',
    ],
  ])('refuses %j: %s', async (input, name, message) => {
    await expect(
      fixture.invoke('run-restore-test', input),
    ).rejects.toMatchObject({
      name,
      message: expect.stringContaining(message),
    });
    expect(fixture.requestRun).not.toHaveBeenCalled();
  });
});
