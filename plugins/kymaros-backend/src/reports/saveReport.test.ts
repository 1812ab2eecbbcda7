import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { buildReportStatus } from './buildReportStatus';
import { saveReport } from './saveReport';

describe('saveReport', () => {
  let knex: Knex;
  let store: DatabaseKymarosStore;
  const at = new Date('2026-12-01T03:00:07.250Z');
  const save = (id: string, entityRef: string, runId = 'r1') =>
    saveReport(store, {
      test: { id, name: 'nightly', entityRef },
      runId,
      status: buildReportStatus(
        { kind: 'not-started', detail: 'x', at },
        { cluster: 'sim', provider: 'velero' },
      ),
      createdAt: at,
      historyLimit: 10,
      logger: mockServices.logger.mock(),
      backoffMs: 1,
    });

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = await DatabaseKymarosStore.create({ knex });
  });
  afterEach(() => knex.destroy());

  it('keeps both reports of two entities whose tests share a name and a second', async () => {
    const a = await save('component:default/a:nightly', 'component:default/a');
    const b = await save('component:default/b:nightly', 'component:default/b');
    expect(a!.metadata.name).toBe('nightly-20261201-030007');
    expect(b!.metadata.name).toBe('nightly-b-20261201-030007');
    const again = await save(
      'component:default/b:nightly',
      'component:default/b',
    );
    expect(again!.metadata.name).toBe('nightly-b-20261201-030007-2');
    expect(await store.listReports('component:default/b:nightly')).toHaveLength(
      2,
    );
  });

  it("links the report into its test's evidence chain with the entity's owner", async () => {
    const report = await saveReport(store, {
      test: {
        id: 'component:default/a:nightly',
        name: 'nightly',
        entityRef: 'component:default/a',
        owner: 'group:default/team-a',
      },
      runId: 'r1',
      status: buildReportStatus(
        { kind: 'not-started', detail: 'x', at },
        { cluster: 'sim', provider: 'velero' },
      ),
      createdAt: at,
      historyLimit: 10,
      logger: mockServices.logger.mock(),
    });
    const { entries } = await store.listEvidence({
      entityRefs: ['component:default/a'],
      limit: 10,
    });
    expect(entries).toEqual([
      expect.objectContaining({
        report,
        link: expect.objectContaining({
          sequence: 1,
          owner: 'group:default/team-a',
        }),
      }),
    ]);
  });

  it('retries a failing database and gives up with undefined instead of throwing', async () => {
    const insert = jest
      .spyOn(store, 'insertReport')
      .mockRejectedValueOnce(new Error('SQLITE_BUSY'));
    const saved = await save(
      'component:default/a:nightly',
      'component:default/a',
    );
    expect(saved!.metadata.name).toBe('nightly-20261201-030007');
    insert.mockRejectedValue(new Error('connection lost'));
    await expect(
      save('component:default/c:nightly', 'component:default/c'),
    ).resolves.toBeUndefined();
  });

  it('names a report from its run’s start, labels it with its test and stamps it in RFC 3339 seconds', async () => {
    const status = buildReportStatus(
      {
        kind: 'interrupted',
        detail: 'backend stopped',
        at: new Date('2026-12-01T03:20:00Z'),
        startedAt: '2026-12-01T03:00:12.800Z',
        sandboxes: [],
      },
      { cluster: 'sim', provider: 'velero' },
    );
    const saved = await saveReport(store, {
      test: {
        id: 'component:default/a:my-app-nightly',
        name: 'my-app-nightly',
        entityRef: 'component:default/a',
      },
      runId: 'r9',
      status,
      createdAt: new Date('2026-12-01T03:20:00.700Z'),
      historyLimit: 10,
      logger: mockServices.logger.mock(),
    });
    expect(saved!.metadata).toEqual({
      name: 'my-app-nightly-20261201-030012',
      labels: { 'kymaros.io/test': 'my-app-nightly', 'kymaros.io/run': 'r9' },
      creationTimestamp: '2026-12-01T03:20:00Z',
    });
    expect(saved!.spec).toEqual({
      testRef: 'my-app-nightly',
      entityRef: 'component:default/a',
    });
    expect(await store.getReport('my-app-nightly-20261201-030012')).toEqual(
      saved,
    );
  });

  it('gives every report of one test started in the same second a name of its own, the last ones by run id', async () => {
    const names = [];
    for (const run of ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'])
      names.push(
        (await save('component:default/b:nightly', 'component:default/b', run))
          ?.metadata.name,
      );
    expect(names).toEqual([
      'nightly-20261201-030007',
      'nightly-b-20261201-030007',
      'nightly-b-20261201-030007-2',
      'nightly-b-20261201-030007-3',
      'nightly-b-20261201-030007-r5',
      'nightly-b-20261201-030007-r6',
    ]);
  });
});
