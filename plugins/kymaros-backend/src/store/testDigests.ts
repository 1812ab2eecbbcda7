import type {
  RestoreReport,
  RestoreReportStatus,
} from '@kymaros/plugin-kymaros-common';
import type { Knex } from 'knex';
import type { ReportRow, TestRow } from './rows';

/** How many recent reports a test's digest draws its trend from. */
export const TREND_LENGTH = 10;

const BATCH_SIZE = 100;

type DigestColumns = Pick<
  TestRow,
  | 'digest_score'
  | 'digest_result'
  | 'digest_within_sla'
  | 'digest_backup_age'
  | 'digest_rpo'
  | 'digest_rpo_within'
  | 'digest_completed_at'
  | 'digest_trend'
>;

const EMPTY_DIGEST: DigestColumns = {
  digest_score: null,
  digest_result: null,
  digest_within_sla: null,
  digest_backup_age: null,
  digest_rpo: null,
  digest_rpo_within: null,
  digest_completed_at: null,
  digest_trend: null,
};

type RankedRow = Pick<
  ReportRow,
  'id' | 'name' | 'test_id' | 'score' | 'result'
>;

/**
 * Rewrites the digest of the given tests from their stored reports: scores
 * from the indexed columns, and one body read per test, the newest, unless
 * that is `known` (the report just written).
 */
export async function refreshDigests(
  tx: Knex.Transaction,
  testIds: string[],
  known?: RestoreReport,
): Promise<void> {
  for (let i = 0; i < testIds.length; i += BATCH_SIZE) {
    const ids = testIds.slice(i, i + BATCH_SIZE);
    // Two writers of one test's reports take turns here (the id order rules
    // out deadlocks): on PostgreSQL the second reads after the first commits,
    // so the digest cannot miss a report saved at the same moment.
    await tx('restore_tests')
      .whereIn('id', ids)
      .orderBy('id')
      .forUpdate()
      .select('id');
    const newest = await newestReports(tx, ids);
    const statuses = await latestStatuses(tx, newest, known);
    for (const id of ids) {
      const rows = newest.get(id);
      const digest = rows
        ? digestColumns(rows, statuses.get(rows[rows.length - 1].id)!)
        : EMPTY_DIGEST;
      await tx('restore_tests').where('id', id).update(digest);
    }
  }
}

/** Each test's newest TREND_LENGTH reports, oldest first. */
async function newestReports(
  tx: Knex.Transaction,
  ids: string[],
): Promise<Map<string, RankedRow[]>> {
  const ranked = tx('restore_reports')
    .whereIn('test_id', ids)
    .select('id', 'name', 'test_id', 'score', 'result')
    .rowNumber('rn', q =>
      q
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .partitionBy('test_id'),
    );
  const rows: RankedRow[] = await tx
    .from(ranked.as('ranked'))
    .where('rn', '<=', TREND_LENGTH)
    .orderBy([{ column: 'test_id' }, { column: 'rn', order: 'desc' }])
    .select('id', 'name', 'test_id', 'score', 'result');
  const byTest = new Map<string, RankedRow[]>();
  for (const row of rows) {
    byTest.set(row.test_id, [...(byTest.get(row.test_id) ?? []), row]);
  }
  return byTest;
}

/** The status of each test's newest report, by report id. */
async function latestStatuses(
  tx: Knex.Transaction,
  newest: Map<string, RankedRow[]>,
  known?: RestoreReport,
): Promise<Map<number, RestoreReportStatus>> {
  const statuses = new Map<number, RestoreReportStatus>();
  const toRead: number[] = [];
  for (const rows of newest.values()) {
    const latest = rows[rows.length - 1];
    if (known && latest.name === known.metadata.name) {
      statuses.set(latest.id, known.status);
    } else {
      toRead.push(latest.id);
    }
  }
  if (toRead.length) {
    const bodies: Pick<ReportRow, 'id' | 'body'>[] = await tx('restore_reports')
      .whereIn('id', toRead)
      .select('id', 'body');
    for (const row of bodies) {
      statuses.set(row.id, JSON.parse(row.body).status);
    }
  }
  return statuses;
}

function digestColumns(
  rows: RankedRow[],
  status: RestoreReportStatus,
): DigestColumns {
  const latest = rows[rows.length - 1];
  const completedAt = new Date(status.completedAt);
  // A run that never got through validation measured no RTO: unknown, not "over target".
  const rtoSkipped = status.validationLevels?.rtoCompliance?.status === 'skip';
  const withinSLA = status.rto?.withinSLA;
  return {
    digest_score: latest.score,
    digest_result: latest.result,
    digest_within_sla:
      rtoSkipped || typeof withinSLA !== 'boolean' ? null : withinSLA,
    digest_backup_age: status.backup?.age ?? null,
    digest_rpo: status.rpo ? JSON.stringify(status.rpo) : null,
    digest_rpo_within: status.rpo?.withinTarget ?? null,
    digest_completed_at: Number.isNaN(completedAt.getTime())
      ? null
      : completedAt,
    // An error run says nothing about the backup: its 0 is not a score.
    digest_trend: JSON.stringify(
      rows.filter(row => row.result !== 'error').map(row => row.score),
    ),
  };
}
