import {
  isDatabaseConflictError,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import type {
  RestoreReport,
  RunEvidence,
  RestoreTestSpec,
} from '@kymaros/plugin-kymaros-common';
import type { Knex } from 'knex';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type {
  EvidenceEntry,
  EvidencePage,
  EvidenceQuery,
  StoredEvidence,
  StoredEvidenceReport,
  StoredEvidenceTest,
  EvidenceRange,
  KymarosStore,
  OwnedObject,
  OwnedObjectKey,
  OwnedObjectKind,
  RunRequestResult,
  StartRunRequest,
  StartRunResult,
  StoredTest,
  TestRecord,
  TestState,
  TestSummaryPage,
  TestSummaryQuery,
} from './KymarosStore';
import {
  parseTimestamp,
  ReportRow,
  OwnedObjectRow,
  rowToOwnedObject,
  rowToReport,
  rowToStoredTest,
  stateToColumns,
  TestRow,
  toDate,
  toIso,
} from './rows';
import { summarizeTests } from './summarizeTests';
import { useWriteAheadLog } from './sqliteJournal';
import { refreshDigests } from './testDigests';
import { whereInList } from './whereInList';
import { nextChainLink } from '../audit/evidenceRecord';

const migrationsDir = resolvePackagePath(
  '@kymaros/plugin-kymaros-backend',
  'migrations',
);

const TESTS = 'restore_tests';
const REPORTS = 'restore_reports';
const EVIDENCE = 'report_evidence';
const CHAIN = 'report_chain';
const LOCKS = 'cluster_run_locks';
const OBJECTS = 'owned_objects';

/** What a claim reads of the test. */
const CLAIM_COLUMNS = [
  'phase',
  'lease_until',
  'run_id',
  'requested_by',
  'run_triggered_by',
] as const;
type ClaimColumns = Pick<TestRow, (typeof CLAIM_COLUMNS)[number]>;

/** Keeps statements well under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH_SIZE = 100;
/** Ids per read when comparing definitions (bound parameters stay far below SQLite's limit). */
const COMPARE_BATCH_SIZE = 1000;

/** The columns a test's definition sets; its run state lives in the others. */
const DEFINITION_COLUMNS = [
  'entity_ref',
  'name',
  'source',
  'cluster',
  'owner',
  'spec',
  'error',
  'namespace',
  'warnings',
] as const;

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
    await useWriteAheadLog(options.knex);
    return new DatabaseKymarosStore(
      options.knex,
      options.now ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly knex: Knex,
    private readonly now: () => Date,
  ) {}

  async upsertTests(tests: TestRecord[]): Promise<{ added: string[] }> {
    const added: string[] = [];
    if (tests.length === 0) return { added };
    const now = this.now();
    // One row per id (ON CONFLICT cannot touch a row twice), in id order so
    // concurrent upserts lock rows in the same order and cannot deadlock
    // (code-unit order: any fixed order will do, and it is cheap at 10,000).
    const byId = new Map(tests.map(test => [test.id, test]));
    const ordered = [...byId.values()].sort((a, b) =>
      a.id < b.id ? -1 : Number(a.id > b.id),
    );
    const toRow = (test: TestRecord) => ({
      id: test.id,
      entity_ref: test.entityRef,
      name: test.name,
      source: test.source,
      cluster: test.cluster,
      owner: test.owner ?? null,
      spec: test.spec ? JSON.stringify(test.spec) : null,
      error: test.error ?? null,
      namespace: test.namespace ?? null,
      warnings: test.warnings?.length ? JSON.stringify(test.warnings) : null,
      created_at: now,
      updated_at: now,
    });
    await this.knex.transaction(async tx => {
      // Compared a thousand at a time: every catalog pass reads them all.
      for (const batch of chunk(ordered, COMPARE_BATCH_SIZE)) {
        // better-sqlite3 answers synchronously, so without a turn of the event
        // loop between batches the whole pass would be one task (≈ 1 s at 10,000 tests).
        await yieldToEventLoop();
        const compared = await changedDefinitions(tx, batch.map(toRow));
        for (const writes of chunk(compared.changed, BATCH_SIZE))
          await tx(TESTS)
            .insert(writes)
            .onConflict('id')
            .merge([...DEFINITION_COLUMNS, 'updated_at']);
        // A test defined again finds the reports it left behind; a new one has none.
        const returning = await testsWithReports(tx, compared.added);
        if (returning.length) await refreshDigests(tx, returning);
        added.push(...compared.added);
      }
    });
    return { added };
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
        await yieldToEventLoop();
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

  async listSchedules(): Promise<
    { id: string; schedule: RestoreTestSpec['schedule'] }[]
  > {
    const rows: Pick<TestRow, 'id' | 'spec'>[] = await this.knex(TESTS)
      .whereNotNull('spec')
      .select('id', 'spec');
    return rows.map(row => ({
      id: row.id,
      schedule: (JSON.parse(row.spec!) as RestoreTestSpec).schedule,
    }));
  }

  async testsVersion(): Promise<string> {
    const [row] = await this.knex(TESTS)
      .count({ count: '*' })
      .max({ latest: 'updated_at' });
    return `${row.count}:${toIso(row.latest as Date | null) ?? ''}`;
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

  async updateRunStep(
    testId: string,
    runId: string,
    step: string,
  ): Promise<void> {
    await this.knex(TESTS)
      .where({ id: testId, run_id: runId, phase: 'Running' })
      .update({ step, updated_at: this.now() });
  }

  async tryStartRun(request: StartRunRequest): Promise<StartRunResult> {
    const now = this.now();
    return this.knex.transaction(async tx => {
      await lockCluster(tx, request.cluster, now);
      const test: ClaimColumns | undefined = await tx(TESTS)
        .where('id', request.testId)
        .first(...CLAIM_COLUMNS);
      if (!test) return { started: false, reason: 'unknown-test' };
      const claim = claimOf(test, request.runId, now);
      if (claim.refused) return { started: false, reason: claim.refused };
      if (request.onlyIfRequested && !claim.ours && !test.requested_by)
        return { started: false, reason: 'not-due' };
      const triggeredBy = claim.ours
        ? test.run_triggered_by ?? request.triggeredBy
        : test.requested_by ?? request.triggeredBy;
      const slot = await hasClusterSlot(tx, request, now);
      const updated = await takeTest(tx, request, {
        ours: claim.ours,
        slot,
        triggeredBy,
        now,
      });
      if (updated !== 1) return { started: false, reason: 'already-running' };
      return slot
        ? { started: true, triggeredBy }
        : { started: false, reason: 'cluster-busy', triggeredBy };
    });
  }

  async requestRun(
    testId: string,
    requestedBy: string,
    pendingMs: number,
  ): Promise<RunRequestResult> {
    const now = this.now();
    const updated = await this.knex(TESTS)
      .where('id', testId)
      .whereNot('phase', 'Running')
      .where(q =>
        q
          .whereNull('requested_at')
          .orWhere('requested_at', '<=', new Date(now.getTime() - pendingMs)),
      )
      .update({ requested_by: requestedBy, requested_at: now });
    if (updated === 1) return { requested: true };
    const row:
      | Pick<
          TestRow,
          'phase' | 'lease_until' | 'run_triggered_by' | 'requested_by'
        >
      | undefined = await this.knex(TESTS)
      .where('id', testId)
      .first('phase', 'lease_until', 'run_triggered_by', 'requested_by');
    if (!row) return { requested: false, reason: 'unknown-test' };
    if (row.phase !== 'Running')
      return { requested: false, reason: 'requested', by: row.requested_by! };
    const expired = row.lease_until === null || toDate(row.lease_until) <= now;
    return {
      requested: false,
      reason: expired ? 'interrupted' : 'running',
      by: row.run_triggered_by ?? undefined,
    };
  }

  async clearRunRequest(testId: string, requestedBy: string): Promise<void> {
    await this.knex(TESTS)
      .where({ id: testId, requested_by: requestedBy })
      .update({ requested_by: null, requested_at: null });
  }

  async renewLeases(runIds: string[], leaseMs: number): Promise<string[]> {
    const now = this.now();
    const held: string[] = [];
    // A few statements per batch whatever the number of runs, so a replica's
    // renewals cost the same with one run or a thousand queued.
    for (const batch of chunk(runIds, BATCH_SIZE)) {
      const live = this.knex(TESTS)
        .whereIn('run_id', batch)
        .where('phase', 'Running');
      await live.clone().update({
        lease_until: new Date(now.getTime() + leaseMs),
        updated_at: now,
      });
      const rows: Pick<TestRow, 'run_id'>[] = await live.select('run_id');
      held.push(...rows.map(row => row.run_id!));
    }
    return held;
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

  async listActiveRunIds(now: Date): Promise<string[]> {
    const rows: Pick<TestRow, 'run_id'>[] = await this.knex(TESTS)
      .where('phase', 'Running')
      .whereNotNull('run_id')
      .where('lease_until', '>', now)
      .select('run_id');
    return rows.map(row => row.run_id!);
  }

  async claimExpiredRun(
    testId: string,
    runId: string,
    now: Date,
    patch: Partial<TestState>,
  ): Promise<boolean> {
    const updated = await this.knex(TESTS)
      .where({ id: testId, run_id: runId, phase: 'Running' })
      .where(q => q.whereNull('lease_until').orWhere('lease_until', '<=', now))
      .update({
        ...stateToColumns({ ...patch, phase: patch.phase ?? 'Failed' }),
        run_owner: null,
        run_cluster: null,
        lease_until: null,
        updated_at: this.now(),
      });
    return updated === 1;
  }

  async recordObject(
    object: Omit<OwnedObject, 'uid' | 'createdAt'>,
  ): Promise<void> {
    // The unique index refuses a second record of the same object; this check says so in words
    // and does not depend on the index alone (SQLite has been seen to accept the duplicate).
    await this.knex.transaction(async tx => {
      const recorded = await tx(OBJECTS).where(objectKey(object)).first();
      if (recorded)
        throw new ConflictError(
          `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${
            object.name
          } in cluster ${object.cluster} is already recorded by run ${
            recorded.run_id
          }`,
        );
      await this.insertObject(tx, object);
    });
  }

  private async insertObject(
    tx: Knex.Transaction,
    object: Omit<OwnedObject, 'uid' | 'createdAt'>,
  ): Promise<void> {
    await tx(OBJECTS).insert({
      cluster: object.cluster,
      kind: object.kind,
      namespace: object.namespace,
      name: object.name,
      uid: null,
      provider: object.provider ?? null,
      source_namespace: object.sourceNamespace ?? null,
      run_id: object.runId,
      test_id: object.testId,
      created_at: this.now(),
      expires_at: parseTimestamp(object.expiresAt, 'expiresAt'),
    });
  }

  async setObjectUid(key: OwnedObjectKey, uid: string): Promise<void> {
    await this.knex(OBJECTS).where(objectKey(key)).update({ uid });
  }

  async releaseObject(key: OwnedObjectKey): Promise<void> {
    await this.knex(OBJECTS).where(objectKey(key)).delete();
  }

  async listObjects(filter?: {
    runId?: string;
    cluster?: string;
    kind?: OwnedObjectKind;
    name?: string;
  }): Promise<OwnedObject[]> {
    const query = this.knex<OwnedObjectRow>(OBJECTS).orderBy('id');
    if (filter?.runId !== undefined) query.where('run_id', filter.runId);
    if (filter?.cluster !== undefined) query.where('cluster', filter.cluster);
    if (filter?.kind !== undefined) query.where('kind', filter.kind);
    if (filter?.name !== undefined) query.where('name', filter.name);
    return (await query.select()).map(rowToOwnedObject);
  }

  async insertReport(
    testId: string,
    entityRef: string,
    report: RestoreReport,
    historyLimit: number,
    owner?: string,
  ): Promise<void> {
    const name = report.metadata.name;
    const createdAt = parseTimestamp(
      report.metadata.creationTimestamp,
      'metadata.creationTimestamp',
    );
    await this.knex.transaction(async tx => {
      // Two reports of one test take turns from here: each chain link reads
      // the tip the previous writer committed (PostgreSQL; SQLite has one writer).
      await tx('restore_tests').where('id', testId).forUpdate().select('id');
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
      await chainReport(tx, { testId, entityRef, owner }, report);
      // The report just written always survives, even with a limit below 1.
      const stale: { id: number; name: string }[] = await tx(REPORTS)
        .where('test_id', testId)
        .orderBy([...NEWEST_FIRST])
        .offset(Math.max(1, historyLimit))
        .select('id', 'name');
      for (const batch of chunk(stale, BATCH_SIZE)) {
        await tx(REPORTS)
          .whereIn(
            'id',
            batch.map(row => row.id),
          )
          .delete();
        for (const table of [EVIDENCE, CHAIN]) {
          await tx(table)
            .whereIn(
              'report_name',
              batch.map(row => row.name),
            )
            .delete();
        }
      }
      await refreshDigests(tx, [testId], report);
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

  async insertEvidence(
    reportName: string,
    evidence: RunEvidence,
  ): Promise<void> {
    // Only beside a report still kept: a late write never outlives its report.
    await this.knex.transaction(async tx => {
      const kept = await tx(REPORTS).where('name', reportName).first('id');
      if (!kept) return;
      await tx(EVIDENCE)
        .insert({ report_name: reportName, body: JSON.stringify(evidence) })
        .onConflict('report_name')
        .merge();
    });
  }

  async getEvidence(reportName: string): Promise<RunEvidence | undefined> {
    const row: { body: string } | undefined = await this.knex(EVIDENCE)
      .where('report_name', reportName)
      .first('body');
    return row ? JSON.parse(row.body) : undefined;
  }

  async listEvidenceEntityRefs(range: EvidenceRange): Promise<string[]> {
    const rows: Pick<ReportRow, 'entity_ref'>[] = await withinRange(
      this.knex(REPORTS),
      range,
    )
      .distinct('entity_ref')
      .orderBy('entity_ref');
    return rows.map(row => row.entity_ref);
  }

  async listEvidence(query: EvidenceQuery): Promise<EvidencePage> {
    if (query.entityRefs.length === 0) return { entries: [] };
    const select = withinRange(
      this.knex(`${REPORTS} as r`).leftJoin(
        `${CHAIN} as c`,
        'c.report_name',
        'r.name',
      ),
      query,
      'r.created_at',
    )
      .orderBy([
        { column: 'r.test_id', order: 'asc' },
        { column: 'r.id', order: 'asc' },
      ])
      .limit(query.limit)
      .select(
        'r.id',
        'r.test_id',
        'r.entity_ref',
        'r.body',
        'c.sequence',
        'c.owner',
        'c.format',
        'c.previous_hash',
        'c.hash',
      );
    whereInList(select, 'r.entity_ref', query.entityRefs);
    if (query.owner !== undefined) select.where('c.owner', query.owner);
    const { after } = query;
    if (after)
      select.where(q =>
        q
          .where('r.test_id', '>', after.testId)
          .orWhere(q2 =>
            q2.where('r.test_id', after.testId).andWhere('r.id', '>', after.id),
          ),
      );
    const rows: EvidenceRow[] = await select;
    const last = rows[rows.length - 1];
    return {
      entries: rows.map(rowToEvidenceEntry),
      ...(rows.length === query.limit && last
        ? { next: { testId: last.test_id, id: Number(last.id) } }
        : {}),
    };
  }

  async getStoredEvidence(query: {
    reportNames: string[];
    testIds: string[];
  }): Promise<StoredEvidence> {
    const reports = new Map<string, StoredEvidenceReport>();
    for (const batch of chunk([...new Set(query.reportNames)], BATCH_SIZE)) {
      const rows: (Omit<EvidenceRow, 'body' | 'id'> & { name: string })[] =
        await this.knex(`${REPORTS} as r`)
          .leftJoin(`${CHAIN} as c`, 'c.report_name', 'r.name')
          .whereIn('r.name', batch)
          .select(
            'r.name',
            'r.test_id',
            'r.entity_ref',
            'c.sequence',
            'c.owner',
            'c.format',
            'c.previous_hash',
            'c.hash',
          );
      for (const row of rows) {
        const { link } = rowToEvidenceEntry({ ...row, id: 0, body: '{}' });
        reports.set(row.name, {
          testId: row.test_id,
          entityRef: row.entity_ref,
          ...(link ? { link } : {}),
        });
      }
    }
    await this.readUnchainedReports(reports);
    return { reports, tests: await this.storedEvidenceTests(query.testIds) };
  }

  /** Bodies of the reports stored before the chain: few, and only those are compared field by field. */
  private async readUnchainedReports(
    reports: Map<string, StoredEvidenceReport>,
  ): Promise<void> {
    const names = [...reports]
      .filter(([, stored]) => !stored.link)
      .map(([name]) => name);
    for (const batch of chunk(names, BATCH_SIZE)) {
      const rows: ReportRow[] = await this.knex(REPORTS)
        .whereIn('name', batch)
        .select();
      for (const row of rows) reports.get(row.name)!.report = rowToReport(row);
    }
  }

  /** Tests defined, or whose reports are kept after it went, with their oldest link kept. */
  private async storedEvidenceTests(
    testIds: string[],
  ): Promise<Map<string, StoredEvidenceTest>> {
    const tests = new Map<string, StoredEvidenceTest>();
    for (const batch of chunk([...new Set(testIds)], BATCH_SIZE)) {
      const reported: { test_id: string; entity_ref: string }[] =
        await this.knex(REPORTS)
          .whereIn('test_id', batch)
          .distinct('test_id', 'entity_ref');
      const defined: { id: string; entity_ref: string }[] = await this.knex(
        TESTS,
      )
        .whereIn('id', batch)
        .select('id', 'entity_ref');
      for (const row of reported)
        tests.set(row.test_id, { entityRef: row.entity_ref });
      for (const row of defined)
        tests.set(row.id, { entityRef: row.entity_ref });
      const firsts: {
        test_id: string;
        sequence: number;
        previous_hash: string;
      }[] = await this.knex(`${CHAIN} as c`)
        .join(
          this.knex(CHAIN)
            .whereIn('test_id', batch)
            .groupBy('test_id')
            .select('test_id')
            .min({ first: 'sequence' })
            .as('m'),
          join =>
            join
              .on('m.test_id', '=', 'c.test_id')
              .andOn('m.first', '=', 'c.sequence'),
        )
        .select('c.test_id', 'c.sequence', 'c.previous_hash');
      for (const row of firsts) {
        const test = tests.get(row.test_id);
        if (test)
          test.firstLink = {
            sequence: Number(row.sequence),
            previousHash: row.previous_hash,
          };
      }
    }
    return tests;
  }

  async summarizeTests(query: TestSummaryQuery): Promise<TestSummaryPage> {
    return summarizeTests(this.knex, query);
  }

  async listTestedEntityRefs(): Promise<string[]> {
    const rows: Pick<TestRow, 'entity_ref'>[] = await this.knex(TESTS)
      .distinct('entity_ref')
      .orderBy('entity_ref');
    return rows.map(row => row.entity_ref);
  }
}

function objectKey(key: OwnedObjectKey) {
  return {
    cluster: key.cluster,
    kind: key.kind,
    namespace: key.namespace,
    name: key.name,
  };
}

/** A report row with its chain link (nulls when it has none). */
interface EvidenceRow
  extends Pick<ReportRow, 'id' | 'test_id' | 'entity_ref' | 'body'> {
  sequence: number | null;
  owner: string | null;
  format: string | null;
  previous_hash: string | null;
  hash: string | null;
}

function rowToEvidenceEntry(row: EvidenceRow): EvidenceEntry {
  return {
    testId: row.test_id,
    entityRef: row.entity_ref,
    report: rowToReport(row),
    ...(row.hash !== null
      ? {
          link: {
            sequence: Number(row.sequence),
            ...(row.owner !== null ? { owner: row.owner } : {}),
            format: row.format ?? '',
            previousHash: row.previous_hash ?? '',
            hash: row.hash,
          },
        }
      : {}),
  };
}

function withinRange(
  query: Knex.QueryBuilder,
  range: EvidenceRange,
  column = 'created_at',
): Knex.QueryBuilder {
  if (range.from) query.where(column, '>=', range.from);
  if (range.to) query.where(column, '<=', range.to);
  return query;
}

/**
 * Links a report being stored to the last one of its test, inside the
 * transaction that stores it, after the test's row is locked; the unique
 * (test, sequence) refuses a second writer of the same link rather than let
 * the chain fork.
 */
async function chainReport(
  tx: Knex.Transaction,
  context: { testId: string; entityRef: string; owner?: string },
  report: RestoreReport,
): Promise<void> {
  const tip: { sequence: number; hash: string } | undefined = await tx(CHAIN)
    .where('test_id', context.testId)
    .orderBy('sequence', 'desc')
    .first('sequence', 'hash');
  const link = nextChainLink(
    report,
    context,
    tip && { sequence: Number(tip.sequence), hash: tip.hash },
  );
  await tx(CHAIN).insert({
    report_name: report.metadata.name,
    test_id: context.testId,
    sequence: link.sequence,
    owner: link.owner ?? null,
    format: link.format,
    previous_hash: link.previousHash,
    hash: link.hash,
  });
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

/**
 * The rows that are new or differ from what is stored: a catalog pass over
 * unchanged entities then writes nothing (and keeps their `updated_at`).
 * `added` are the ids not stored yet.
 */
/** Which of these tests have stored reports. */
async function testsWithReports(
  tx: Knex.Transaction,
  testIds: string[],
): Promise<string[]> {
  if (testIds.length === 0) return [];
  const rows: { test_id: string }[] = await tx(REPORTS)
    .whereIn('test_id', testIds)
    .distinct('test_id');
  return rows.map(row => row.test_id);
}

async function changedDefinitions<
  Row extends { id: string } & Record<
    (typeof DEFINITION_COLUMNS)[number],
    unknown
  >,
>(
  tx: Knex.Transaction,
  rows: Row[],
): Promise<{ changed: Row[]; added: string[] }> {
  const stored: Pick<TestRow, 'id' | (typeof DEFINITION_COLUMNS)[number]>[] =
    await tx(TESTS)
      .whereIn(
        'id',
        rows.map(row => row.id),
      )
      .select('id', ...DEFINITION_COLUMNS);
  const byId = new Map(stored.map(row => [row.id, row]));
  const changed = rows.filter(row => {
    const current = byId.get(row.id);
    return (
      !current ||
      DEFINITION_COLUMNS.some(
        column => (current[column] ?? null) !== row[column],
      )
    );
  });
  const added = changed.filter(row => !byId.has(row.id)).map(row => row.id);
  return { changed, added };
}

/**
 * Every start in a cluster updates the same lock row first; the row lock is
 * held until commit, so concurrent starts (on any replica) take turns and
 * each one counts the leases committed by the previous one.
 */
async function lockCluster(tx: Knex.Transaction, cluster: string, now: Date) {
  await tx(LOCKS)
    .insert({ cluster, locked_at: now })
    .onConflict('cluster')
    .ignore();
  await tx(LOCKS).where('cluster', cluster).update({ locked_at: now });
}

/** Whether `runId` may take the test: it is free, or already this run's (queued). */
function claimOf(
  test: ClaimColumns,
  runId: string,
  now: Date,
): { ours: boolean; refused?: 'interrupted' | 'already-running' } {
  const running = test.phase === 'Running';
  const expired =
    running && (test.lease_until === null || toDate(test.lease_until) <= now);
  const ours = running && !expired && test.run_id === runId;
  // An expired run is not taken over: the reaper reports it and cleans up first.
  if (running && !ours)
    return { ours, refused: expired ? 'interrupted' : 'already-running' };
  return { ours };
}

/** Whether the cluster has room for one more run besides this test's. */
async function hasClusterSlot(
  tx: Knex.Transaction,
  request: StartRunRequest,
  now: Date,
): Promise<boolean> {
  const [{ count }] = await tx(TESTS)
    .where({ run_cluster: request.cluster, phase: 'Running' })
    .where('lease_until', '>', now)
    .whereNot('id', request.testId)
    .count({ count: '*' });
  return Number(count) < request.maxConcurrentPerCluster;
}

/** Takes (or, for a queued run, keeps) the test; conditional, so it is correct even without the lock row. */
function takeTest(
  tx: Knex.Transaction,
  request: StartRunRequest,
  claim: { ours: boolean; slot: boolean; triggeredBy: string; now: Date },
): Promise<number> {
  const { ours, slot, now } = claim;
  return tx(TESTS)
    .where('id', request.testId)
    .where(q =>
      ours
        ? q.where({ run_id: request.runId, phase: 'Running' })
        : q.whereNot('phase', 'Running'),
    )
    .update({
      // A queued run holds the test with a lease but no cluster slot.
      run_cluster: slot ? request.cluster : null,
      lease_until: new Date(now.getTime() + request.leaseMs),
      updated_at: now,
      ...(ours
        ? slot && { step: null, run_started_at: now }
        : {
            phase: 'Running',
            step: null,
            run_id: request.runId,
            run_owner: request.owner,
            run_started_at: now,
            run_triggered_by: claim.triggeredBy,
            requested_by: null,
            requested_at: null,
          }),
    });
}
