import type {
  AuditorService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import {
  kymarosBackupCreatePermission,
  type BackupCoverage,
  type ListResponse,
  type OnDemandBackupResponse,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosStore, StoredTest } from '../store/KymarosStore';
import { parseEntityRefParam } from '../router/parseQuery';
import { audited } from '../util/audited';
import { requestedBy } from '../run/requestedBy';
import type { BackupCoverageService } from './BackupCoverageService';
import type { OnDemandBackups } from './OnDemandBackups';
import { COVERAGE_STATUS_ORDER } from './coverageStatus';
import { parseBackupRequest, parseStatusParam } from './parseCoverageQuery';
import type { RouteHelpers } from '../router/createRouter';

/** What the routes need of the router's helpers. */
export type CoverageRouteHelpers = Pick<
  RouteHelpers,
  'credentialsOf' | 'access' | 'readableRefs' | 'getTestOr404'
>;

export interface CoverageRouteOptions {
  store: KymarosStore;
  coverage: BackupCoverageService;
  backups: OnDemandBackups;
  logger: LoggerService;
  /** Records on-demand backups; without it they are only logged. */
  auditor?: AuditorService;
}

/** The request is one small JSON object. */
const BODY_LIMIT = '16kb';

/** Worst first, then by entity and test, so the overview reads top down. */
function worstFirst(a: BackupCoverage, b: BackupCoverage): number {
  return (
    COVERAGE_STATUS_ORDER.indexOf(a.status) -
      COVERAGE_STATUS_ORDER.indexOf(b.status) ||
    a.entityRef.localeCompare(b.entityRef) ||
    a.testName.localeCompare(b.testName)
  );
}

/** The tests whose coverage the request asks for and the caller may read. */
async function readableTests(
  req: express.Request,
  credentials: BackstageCredentials,
  { store }: CoverageRouteOptions,
  helpers: CoverageRouteHelpers,
): Promise<StoredTest[]> {
  const entityRef = parseEntityRefParam(req.query.entityRef);
  if (entityRef !== undefined) {
    await helpers.access(credentials, entityRef, `No entity ${entityRef}`);
    return store.listTests({ entityRef });
  }
  const tests = await store.listTests();
  const readable = await helpers.readableRefs(
    credentials,
    tests.map(t => t.entityRef),
  );
  return tests.filter(t => readable.has(t.entityRef));
}

/** `GET /backup-coverage` and `POST /backup-coverage/backups`. */
export function addBackupCoverageRoutes(
  router: express.Router,
  options: CoverageRouteOptions,
  helpers: CoverageRouteHelpers,
) {
  router.get('/backup-coverage', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const statuses = parseStatusParam(req.query.status);
    const tests = await readableTests(req, credentials, options, helpers);
    const items = (await options.coverage.coverageOfTests(tests))
      .filter(c => !statuses || statuses.has(c.status))
      .sort(worstFirst);
    const body: ListResponse<BackupCoverage> & { totalCount: number } = {
      items,
      totalCount: items.length,
    };
    res.json(body);
  });

  router.post(
    '/backup-coverage/backups',
    express.text({ type: () => true, limit: BODY_LIMIT }),
    async (req, res) => {
      const credentials = await helpers.credentialsOf(req);
      const { testId } = parseBackupRequest(req.body);
      const start = async () => {
        const test = await helpers.getTestOr404(
          credentials,
          testId,
          kymarosBackupCreatePermission,
        );
        const started = await options.backups.start(test);
        options.coverage.forget(test.cluster);
        options.logger.info(
          `Backup ${started.backup} of ${test.id} in cluster ${
            started.cluster
          } started by ${requestedBy(credentials)}`,
        );
        return started;
      };
      // Refusals are recorded too: who tried to back up what matters to auditors.
      const body: OnDemandBackupResponse = options.auditor
        ? await audited(
            options.auditor,
            {
              eventId: 'backup-create',
              // Creates an object in the backup tool's namespace: a write.
              severityLevel: 'medium',
              request: req,
              meta: { testId },
            },
            start,
            started => ({
              meta: {
                backup: started.backup,
                provider: started.provider,
                cluster: started.cluster,
                namespaces: started.namespaces,
              },
            }),
          )
        : await start();
      res.status(201).json(body);
    },
  );
}
