import {
  isDatabaseConflictError,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import type { Knex } from 'knex';
import type {
  KymarosStore,
  ReportDigest,
  StartRunRequest,
  StartRunResult,
  StoredTest,
  TestRecord,
  TestState,
} from './KymarosStore';
import {
  parseTimestamp,
  ReportRow,
  rowToReport,
  rowToStoredTest,
  stateToColumns,
  TestRow,
  toDate,
} from './rows';

const migrationsDir = resolvePackagePath(
  '@kymaros/plugin-kymaros-backend',
  'migrations',
);

const TESTS = 'restore_tests';
const REPORTS = 'restore_reports';
const LOCKS = 'cluster_run_locks';

/** Keeps statements well under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH_SIZE = 100;

const NEWEST_FIRST = [
  { column: 'created_at', order: 'desc' },
  { column: 'id', order: 'desc' },
] as const;

export interface DatabaseKymarosStoreOptions {
  knex: Knex;
  skipMigrations?: boolean;
  /** The clock used for leases and bookkeeping timestamps; tests replace it. */
  now?: () => Date;
}

/** {@link KymarosStore} on the plugin's database (SQLite or PostgreSQL). */
export class DatabaseKymarosStore implements KymarosStore {
  static async create(
    options: DatabaseKymarosStoreOptions,
  ): Promise<DatabaseKymarosStore> {
    if (!options.skipMigrations) {
      await options.knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseKymarosStore(
      options.knex,
      options.now ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly knex: Knex,
    private readonly now: () => Date,
  ) {}

  async upsertTests(tests: TestRecord[]): Promise<void> {
    if (tests.length === 0) return;
    const now = this.now();
    // One row per id (ON CONFLICT cannot touch a row twice), in id order so
    // concurrent upserts lock rows in the same order and cannot deadlock.
    const byId = new Map(tests.map(test => [test.id, test]));
    const rows = [...byId.values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map(test => ({
        id: test.id,
        entity_ref: test.entityRef,
        name: test.name,
        source: test.source,
        cluster: test.cluster,
        spec: test.spec ? JSON.stringify(test.spec) : null,
        error: test.error ?? null,
        created_at: now,
        updated_at: now,
      }));
    await this.knex.transaction(async tx => {
      for (const batch of chunk(rows, BATCH_SIZE)) {
        await tx(TESTS)
          .insert(batch)
          .onConflict('id')
          .merge([
            'entity_ref',
            'name',
            'source',
            'cluster',
            'spec',
            'error',
            'updated_at',
          ]);
      }
    });
  }

  async removeTestsExcept(ids: string[]): Promise<StoredTest[]> {
    const keep = new Set(ids);
    return this.knex.transaction(async tx => {
      const existing: { id: string }[] = await tx(TESTS).select('id');
      const removedIds = existing
        .map(row => row.id)
        .filter(id => !keep.has(id));
      const removed: StoredTest[] = [];
      for (const batch of chunk(removedIds, BATCH_SIZE)) {
        const rows: TestRow[] = await tx(TESTS).whereIn('id', batch).select();
        await tx(TESTS).whereIn('id', batch).delete();
        removed.push(...rows.map(rowToStoredTest));
      }
      return removed;
    });
  }

  async listTests(filter?: { entityRef?: string }): Promise<StoredTest[]> {
    const query = this.knex<TestRow>(TESTS).orderBy([
      'entity_ref',
      'name',
      'id',
    ]);
    if (filter?.entityRef !== undefined) {
      query.where('entity_ref', filter.entityRef);
    }
    return (await query.select()).map(rowToStoredTest);
  }

  async getTest(id: string): Promise<StoredTest | undefined> {
    const row = await this.knex<TestRow>(TESTS).where('id', id).first();
    return row ? rowToStoredTest(row) : undefined;
  }

  async updateState(id: string, patch: Partial<TestState>): Promise<void> {
    const columns = stateToColumns(patch);
    if (Object.keys(columns).length === 0) return;
    await this.knex(TESTS)
      .where('id', id)
      .update({ ...columns, updated_at: this.now() });
  }

  async tryStartRun(request: StartRunRequest): Promise<StartRunResult> {
    const { testId, runId, owner, cluster, maxConcurrentPerCluster, leaseMs } =
      request;
    const now = this.now();
    return this.knex.transaction(async tx => {
      // Every start in a cluster updates the same lock row first; the row lock
      // is held until commit, so concurrent starts (on any replica) take turns
      // and each one counts the leases committed by the previous one.
      await tx(LOCKS)
        .insert({ cluster, locked_at: now })
        .onConflict('cluster')
        .ignore();
      await tx(LOCKS).where('cluster', cluster).update({ locked_at: now });

      const test: Pick<TestRow, 'phase' | 'lease_until'> | undefined = await tx(
        TESTS,
      )
        .where('id', testId)
        .first('phase', 'lease_until');
      if (!test) {
        return { started: false, reason: 'unknown-test' };
      }
      if (
        test.phase === 'Running' &&
        test.lease_until !== null &&
        toDate(test.lease_until) > now
      ) {
        return { started: false, reason: 'already-running' };
      }

      const [{ count }] = await tx(TESTS)
        .where({ run_cluster: cluster, phase: 'Running' })
        .where('lease_until', '>', now)
        .whereNot('id', testId)
        .count({ count: '*' });
      if (Number(count) >= maxConcurrentPerCluster) {
        return { started: false, reason: 'cluster-busy' };
      }

      // Conditional, so it is correct on its own even without the lock row.
      const updated = await tx(TESTS)
        .where('id', testId)
        .where(q =>
          q
            .whereNot('phase', 'Running')
            .orWhereNull('lease_until')
            .orWhere('lease_until', '<=', now),
        )
        .update({
          phase: 'Running',
          step: null,
          run_id: runId,
          run_owner: owner,
          run_cluster: cluster,
          run_started_at: now,
          lease_until: new Date(now.getTime() + leaseMs),
          updated_at: now,
        });
      return updated === 1
        ? { started: true }
        : { started: false, reason: 'already-running' };
    });
  }

  async renewLease(
    testId: string,
    runId: string,
    leaseMs: number,
  ): Promise<boolean> {
    const now = this.now();
    const updated = await this.knex(TESTS)
      .where({ id: testId, run_id: runId, phase: 'Running' })
      .update({
        lease_until: new Date(now.getTime() + leaseMs),
        updated_at: now,
      });
    return updated > 0;
  }

  async finishRun(
    testId: string,
    runId: string,
    patch: Partial<TestState>,
  ): Promise<void> {
    if (!patch.phase || patch.phase === 'Running') {
      throw new InputError(
        `finishRun needs a final phase, got ${JSON.stringify(patch.phase)}`,
      );
    }
    // The run's identity and lease are not the caller's to set here.
    const {
      runId: _runId,
      runOwner: _owner,
      leaseUntil: _lease,
      ...rest
    } = patch;
    await this.knex(TESTS)
      .where({ id: testId, run_id: runId })
      .update({
        ...stateToColumns(rest),
        run_owner: null,
        run_cluster: null,
        lease_until: null,
        updated_at: this.now(),
      });
  }

  async listExpiredRuns(now: Date): Promise<StoredTest[]> {
    const rows: TestRow[] = await this.knex(TESTS)
      .where('phase', 'Running')
      .where(q => q.whereNull('lease_until').orWhere('lease_until', '<=', now))
      .orderBy('id')
      .select();
    return rows.map(rowToStoredTest);
  }

  async insertReport(
    testId: string,
    entityRef: string,
    report: RestoreReport,
    historyLimit: number,
  ): Promise<void> {
    const name = report.metadata.name;
    const createdAt = parseTimestamp(
      report.metadata.creationTimestamp,
      'metadata.creationTimestamp',
    );
    await this.knex.transaction(async tx => {
      try {
        await tx(REPORTS).insert({
          name,
          test_id: testId,
          entity_ref: entityRef,
          created_at: createdAt,
          score: report.status.score,
          result: report.status.result,
          body: JSON.stringify(report),
        });
      } catch (error) {
        if (isDatabaseConflictError(error)) {
          throw new ConflictError(`Report ${name} already exists`);
        }
        throw error;
      }
      // The report just written always survives, even with a limit below 1.
      const stale: { id: number }[] = await tx(REPORTS)
        .where('test_id', testId)
        .orderBy([...NEWEST_FIRST])
        .offset(Math.max(1, historyLimit))
        .select('id');
      for (const batch of chunk(
        stale.map(row => row.id),
        BATCH_SIZE,
      )) {
        await tx(REPORTS).whereIn('id', batch).delete();
      }
    });
  }

  async listReports(testId: string, limit?: number): Promise<RestoreReport[]> {
    const query = this.knex<ReportRow>(REPORTS)
      .where('test_id', testId)
      .orderBy([...NEWEST_FIRST])
      .select('body');
    if (limit !== undefined) {
      query.limit(limit);
    }
    return (await query).map(rowToReport);
  }

  async getReport(name: string): Promise<RestoreReport | undefined> {
    const row = await this.knex<ReportRow>(REPORTS)
      .where('name', name)
      .first('body');
    return row ? rowToReport(row) : undefined;
  }

  async summarizeReports(trendLength: number): Promise<ReportDigest[]> {
    const ranked = this.knex(REPORTS)
      .select('test_id', 'score', 'body')
      .rowNumber('rn', q => q.orderBy([...NEWEST_FIRST]).partitionBy('test_id'))
      .whereIn('test_id', this.knex(TESTS).select('id'));
    // Only the newest body per test is transferred and parsed.
    const rows: {
      test_id: string;
      score: number;
      rn: number | string;
      body: string | null;
    }[] = await this.knex
      .from(ranked.as('ranked'))
      .where('rn', '<=', Math.max(1, trendLength))
      .orderBy([{ column: 'test_id' }, { column: 'rn', order: 'desc' }])
      .select(
        'test_id',
        'score',
        'rn',
        this.knex.raw('CASE WHEN rn = 1 THEN body END AS body'),
      );

    const digests = new Map<
      string,
      { trend: number[]; latest?: RestoreReport }
    >();
    for (const row of rows) {
      const digest = digests.get(row.test_id) ?? { trend: [] };
      digests.set(row.test_id, digest);
      digest.trend.push(row.score);
      if (Number(row.rn) === 1 && row.body !== null) {
        digest.latest = rowToReport({ body: row.body });
      }
    }
    return [...digests].map(([testId, { trend, latest }]) => ({
      testId,
      trend,
      latest: latest!,
    }));
  }
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}
