import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  RestoreReport,
  RestoreReportStatus,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosStore, StoredTest } from '../store/KymarosStore';
import { buildReport } from './buildReport';
import { toDnsLabelPart } from '../sandbox/sandboxName';
import { describeError } from '../util/errors';

/** Kubernetes object names (and the report name column) stay within this. */
const MAX_NAME = 253;
const ATTEMPTS = 4;

/**
 * Names to try, in order: `<test>-<yyyymmdd>-<hhmmss>` as Kymaros names
 * reports; then qualified with the entity, since test names are unique only
 * per entity; then numbered, for two reports of one test in the same second.
 */
export function reportNameCandidates(
  name: string,
  testName: string,
  entityRef: string,
): string[] {
  const stamp = name.slice(testName.length + 1);
  const entity = toDnsLabelPart(parseEntityRef(entityRef).name) || 'entity';
  const qualified = `${fit(
    testName,
    entity.length + stamp.length + 2,
  )}-${entity}-${stamp}`;
  return [
    fit(name, 0),
    qualified,
    ...[2, 3, 4, 5].map(n => `${fit(qualified, String(n).length + 1)}-${n}`),
  ];
}

function fit(text: string, reserved: number): string {
  return text.slice(0, Math.max(1, MAX_NAME - reserved)).replace(/-+$/, '');
}

/**
 * Builds a run's report and stores it under the first free name, retrying
 * transient database errors. Returns the stored report, or undefined when
 * every attempt failed (logged with the reason); the caller still ends the run.
 */
export async function saveReport(
  store: KymarosStore,
  args: {
    test: Pick<StoredTest, 'id' | 'name' | 'entityRef'>;
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
  const report = buildReport({
    testName: test.name,
    entityRef: test.entityRef,
    status: args.status,
    createdAt: args.createdAt,
    runId: args.runId,
  });
  const names = reportNameCandidates(
    report.metadata.name,
    test.name,
    test.entityRef,
  );
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
