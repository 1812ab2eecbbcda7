import { InputError } from '@backstage/errors';
import type {
  RestoreReport,
  RestoreResult,
  RunPhase,
} from '@kymaros/plugin-kymaros-common';
import type {
  OwnedObject,
  OwnedObjectKind,
  StoredTest,
  TestState,
} from './KymarosStore';

/** Timestamp columns come back as `Date` (PostgreSQL) or epoch milliseconds (SQLite). */
type DbTimestamp = Date | number | string;

export interface TestRow {
  id: string;
  entity_ref: string;
  name: string;
  source: string;
  cluster: string;
  spec: string | null;
  error: string | null;
  namespace: string | null;
  /** JSON array of strings. */
  warnings: string | null;
  phase: RunPhase;
  step: string | null;
  run_id: string | null;
  run_cluster: string | null;
  run_owner: string | null;
  run_started_at: DbTimestamp | null;
  lease_until: DbTimestamp | null;
  last_run_at: DbTimestamp | null;
  next_run_at: DbTimestamp | null;
  last_score: number | null;
  last_result: RestoreResult | null;
  last_report_name: string | null;
  run_triggered_by: string | null;
  requested_by: string | null;
  requested_at: DbTimestamp | null;
  owner: string | null;
  digest_score: number | null;
  digest_result: RestoreResult | null;
  /** 0 or 1 on SQLite. */
  digest_within_sla: boolean | number | null;
  digest_backup_age: string | null;
  /** JSON of the latest report's `status.rpo`. */
  digest_rpo: string | null;
  /** 0 or 1 on SQLite. */
  digest_rpo_within: boolean | number | null;
  digest_completed_at: DbTimestamp | null;
  /** JSON array of scores, oldest first. */
  digest_trend: string | null;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

export interface ReportRow {
  id: number;
  name: string;
  test_id: string;
  entity_ref: string;
  created_at: DbTimestamp;
  score: number;
  result: RestoreResult;
  body: string;
}

export function toDate(value: DbTimestamp): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toIso(value: DbTimestamp | null): string | undefined {
  return value === null ? undefined : toDate(value).toISOString();
}

/** Parses an ISO timestamp from the API side, rejecting garbage before it reaches the DB. */
export function parseTimestamp(value: string, field: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new InputError(
      `${field} is not a valid timestamp: ${JSON.stringify(value)}`,
    );
  }
  return date;
}

type StateKey = keyof TestState;
const TIMESTAMP_KEYS = new Set<StateKey>([
  'runStartedAt',
  'leaseUntil',
  'lastRunAt',
  'nextRunAt',
]);
const STATE_COLUMNS: Record<StateKey, keyof TestRow> = {
  phase: 'phase',
  step: 'step',
  runId: 'run_id',
  runStartedAt: 'run_started_at',
  runOwner: 'run_owner',
  leaseUntil: 'lease_until',
  lastRunAt: 'last_run_at',
  nextRunAt: 'next_run_at',
  lastScore: 'last_score',
  lastResult: 'last_result',
  lastReportName: 'last_report_name',
  triggeredBy: 'run_triggered_by',
};

/** Column values for the keys present in `patch`; `undefined` becomes NULL so it clears. */
export function stateToColumns(
  patch: Partial<TestState>,
): Partial<Record<keyof TestRow, unknown>> {
  const columns: Partial<Record<keyof TestRow, unknown>> = {};
  for (const [key, value] of Object.entries(patch) as [StateKey, unknown][]) {
    const column = STATE_COLUMNS[key];
    if (!column) continue;
    if (value === undefined || value === null) {
      columns[column] = null;
    } else if (TIMESTAMP_KEYS.has(key)) {
      columns[column] = parseTimestamp(String(value), key);
    } else {
      columns[column] = value;
    }
  }
  if (columns.phase === null) {
    throw new InputError('phase cannot be cleared');
  }
  return columns;
}

function rowToState(row: TestRow): TestState {
  const state: TestState = { phase: row.phase };
  for (const [key, column] of Object.entries(STATE_COLUMNS) as [
    StateKey,
    keyof TestRow,
  ][]) {
    const value = row[column];
    if (value === null || key === 'phase') continue;
    (state as unknown as Record<string, unknown>)[key] = TIMESTAMP_KEYS.has(key)
      ? toIso(value as DbTimestamp)
      : value;
  }
  return state;
}

export function rowToStoredTest(row: TestRow): StoredTest {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    name: row.name,
    source: row.source,
    cluster: row.cluster,
    ...(row.owner !== null && { owner: row.owner }),
    ...(row.spec !== null && { spec: JSON.parse(row.spec) }),
    ...(row.error !== null && { error: row.error }),
    ...(row.namespace !== null && { namespace: row.namespace }),
    ...(row.warnings !== null && { warnings: JSON.parse(row.warnings) }),
    state: rowToState(row),
    createdAt: toIso(row.created_at)!,
    updatedAt: toIso(row.updated_at)!,
  };
}

export function rowToReport(row: Pick<ReportRow, 'body'>): RestoreReport {
  return JSON.parse(row.body);
}

export interface OwnedObjectRow {
  id: number;
  cluster: string;
  kind: OwnedObjectKind;
  namespace: string;
  name: string;
  uid: string | null;
  provider: string | null;
  source_namespace: string | null;
  run_id: string;
  test_id: string;
  created_at: DbTimestamp;
  expires_at: DbTimestamp;
}

export function rowToOwnedObject(row: OwnedObjectRow): OwnedObject {
  return {
    cluster: row.cluster,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    ...(row.uid !== null && { uid: row.uid }),
    ...(row.provider !== null && { provider: row.provider }),
    ...(row.source_namespace !== null && {
      sourceNamespace: row.source_namespace,
    }),
    runId: row.run_id,
    testId: row.test_id,
    createdAt: toIso(row.created_at)!,
    expiresAt: toIso(row.expires_at)!,
  };
}
