import { TestDatabases } from '@backstage/backend-test-utils';
import {
  actionsFixture,
  BROKEN,
  EVE,
  ORDERS,
} from './__testUtils__/actionsFixture';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('list-restore-tests', () => {
  let fixture: Awaited<ReturnType<typeof actionsFixture>>;
  const names = (output: any) => output.items.map((item: any) => item.testName);

  beforeEach(async () => {
    fixture = await actionsFixture(databases);
  });

  it('lists every readable test worst first, with its latest result', async () => {
    const output = await fixture.invoke('list-restore-tests', {});
    expect(names(output)).toEqual([
      'broken',
      'orders',
      'orders-db',
      'payments',
    ]);
    expect(output.total).toBe(4);
    expect(output.items[0]).toMatchObject({
      testId: BROKEN.id,
      result: 'invalid',
      invalidDefinition: BROKEN.error,
    });
    expect(output.items[1]).toMatchObject({
      testId: ORDERS.id,
      entityRef: 'component:default/orders',
      owner: 'group:default/team-a',
      result: 'fail',
      score: 60,
      rtoWithinTarget: false,
      backupAge: '30h',
      rpoWithinTarget: false,
    });
    expect(output.items[2]).toMatchObject({ result: 'never' });
  });

  it('filters by owner, a bare name meaning a group of the default namespace', async () => {
    expect(
      names(await fixture.invoke('list-restore-tests', { owner: 'team-a' })),
    ).toEqual(['orders', 'orders-db']);
    expect(
      names(
        await fixture.invoke('list-restore-tests', {
          owner: 'group:default/team-c',
          result: 'pass',
        }),
      ),
    ).toEqual(['payments']);
  });

  it('filters stale tests: valid ones not run within the hours given (a week by default), never run included', async () => {
    const week = await fixture.invoke('list-restore-tests', { stale: true });
    expect(names(week)).toEqual(['orders-db', 'payments']);
    expect(Date.parse(week.staleBefore)).toBeCloseTo(
      Date.now() - 7 * 24 * 3_600_000,
      -4,
    );
    expect(
      names(
        await fixture.invoke('list-restore-tests', {
          stale: true,
          staleAfterHours: 1,
        }),
      ),
    ).toEqual(['orders', 'orders-db', 'payments']);
    expect(
      names(
        await fixture.invoke('list-restore-tests', {
          stale: true,
          result: 'never',
        }),
      ),
    ).toEqual(['orders-db']);
  });

  it('pages with limit and offset, totalling every match', async () => {
    const page = await fixture.invoke('list-restore-tests', {
      limit: 2,
      offset: 1,
    });
    expect(names(page)).toEqual(['orders', 'orders-db']);
    expect(page).toMatchObject({ total: 4, offset: 1 });
  });

  it('leaves out the tests of entities the caller may not read', async () => {
    const output = await fixture.invoke('list-restore-tests', {}, EVE);
    expect(output).toMatchObject({ items: [], total: 0 });
  });

  it.each([
    [
      { owner: 'group:default/' },
      'owner must be an entity ref such as group:default/team-a, got "group:default/"',
    ],
    [
      { staleAfterHours: 12 },
      'staleAfterHours (12) is only used with stale: true',
    ],
    [{ result: 'green' }, '"result"'],
    [{ limit: 1000 }, 'Number must be less than or equal to 100'],
  ])('refuses %j with a precise error', async (input, message) => {
    await expect(
      fixture.invoke('list-restore-tests', input),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(message),
    });
  });
});
