import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type {
  RestoreReport,
  RestoreReportStatus,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosStore, StoredTest } from '../store/KymarosStore';
import { buildReport } from './buildReport';
import { reportNameCandidates } from './reportName';
import { describeError } from '../util/errors';

const ATTEMPTS = 4;

/**
 * Builds a run's report and stores it under the first free name (see
 * reportNameCandidates), retrying transient database errors. Returns the
 * stored report, or undefined when every attempt failed (logged with the
 * reason); the caller still ends the run.
 */
export async function saveReport(
  store: KymarosStore,
  args: {
    test: Pick<StoredTest, 'id' | 'name' | 'entityRef' | 'owner'>;
    runId: string;
    status: RestoreReportStatus;
    createdAt: Date;
    historyLimit: number;
    logger: LoggerService;
    /** Waits between attempts; tests shorten it. */
    backoffMs?: number;
  },
): Promise<RestoreReport | undefined> {
  const { test } = args;
  const names = reportNameCandidates({
    testName: test.name,
    entityRef: test.entityRef,
    startedAt: new Date(args.status.startedAt),
    runId: args.runId,
  });
  const report = buildReport({
    name: names[0],
    testName: test.name,
    entityRef: test.entityRef,
    status: args.status,
    createdAt: args.createdAt,
    runId: args.runId,
  });
  let lastError: unknown;
  for (const name of names) {
    const candidate = { ...report, metadata: { ...report.metadata, name } };
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        await store.insertReport(
          test.id,
          test.entityRef,
          candidate,
          args.historyLimit,
          test.owner,
        );
        return candidate;
      } catch (e) {
        lastError = e;
        if (e instanceof ConflictError) break;
        if (attempt < ATTEMPTS) await sleep((args.backoffMs ?? 500) * attempt);
      }
    }
    // A database that keeps failing fails for every name alike.
    if (!(lastError instanceof ConflictError)) break;
  }
  args.logger.error(
    `Could not store report ${report.metadata.name} of ${
      test.id
    }: ${describeError(lastError)}`,
  );
  return undefined;
}
