import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { buildReportStatus } from './buildReportStatus';
import { reportNameCandidates, saveReport } from './saveReport';

describe('saveReport', () => {
  let knex: Knex;
  let store: DatabaseKymarosStore;
  const at = new Date('2026-12-01T03:00:07Z');
  const save = (id: string, entityRef: string) =>
    saveReport(store, {
      test: { id, name: 'nightly', entityRef },
      runId: 'r1',
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

  it('keeps every candidate within 253 characters, even for 200-character names', () => {
    const long = 'n'.repeat(200);
    const names = reportNameCandidates(
      `${long}-20261201-030007`,
      long,
      `component:default/${'e'.repeat(63)}`,
    );
    expect(new Set(names).size).toBe(names.length);
    names.forEach(n => expect(n.length).toBeLessThanOrEqual(253));
    expect(names[1]).toMatch(/-e{63}-20261201-030007$/);
  });
});
