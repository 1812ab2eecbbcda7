import type {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  HttpRouterServiceAuthPolicy,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import {
  kymarosReportReadPermission,
  kymarosRestoreTestRunPermission,
  ListResponse,
  RestoreReport,
  RestoreTestItem,
  RunAcceptedResponse,
} from '@kymaros/plugin-kymaros-common';
import express from 'express';
import Router from 'express-promise-router';
import type { KymarosStore } from '../store/KymarosStore';
import { buildSummary } from './buildSummary';
import { parseEntityRefParam, parseLimitParam } from './parseQuery';
import { requirePermission } from './requirePermission';
import { toRestoreTestItem } from './toRestoreTestItem';

/** Register these with `httpRouter.addAuthPolicy`: everything else needs credentials. */
export const kymarosAuthPolicies: HttpRouterServiceAuthPolicy[] = [
  { path: '/health', allow: 'unauthenticated' },
];

export interface KymarosRouterOptions {
  store: KymarosStore;
  runner: { requestRun(testId: string, requestedBy: string): Promise<void> };
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  logger: LoggerService;
}

/**
 * The REST API described in `@kymaros/plugin-kymaros-common` (types.ts).
 * Errors are thrown as `@backstage/errors` classes; the httpRouter service's
 * error middleware turns them into Backstage's JSON error body.
 */
export async function createRouter(
  options: KymarosRouterOptions,
): Promise<express.Router> {
  const { store, runner, httpAuth, permissions, catalog, logger } = options;
  const router = Router();

  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await requirePermission(permissions, permission, credentials);
    return credentials;
  };
  const getTestOr404 = async (id: string) => {
    const test = await store.getTest(id);
    if (!test) throw new NotFoundError(`No restore test ${id}`);
    return test;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/tests', async (req, res) => {
    await authorize(req, kymarosReportReadPermission);
    const entityRef = parseEntityRefParam(req.query.entityRef);
    const tests = await store.listTests(
      entityRef === undefined ? undefined : { entityRef },
    );
    const body: ListResponse<RestoreTestItem> = {
      items: tests.map(toRestoreTestItem),
    };
    res.json(body);
  });

  router.get('/tests/:id', async (req, res) => {
    await authorize(req, kymarosReportReadPermission);
    const body: RestoreTestItem = toRestoreTestItem(
      await getTestOr404(req.params.id),
    );
    res.json(body);
  });

  router.get('/tests/:id/reports', async (req, res) => {
    await authorize(req, kymarosReportReadPermission);
    const limit = parseLimitParam(req.query.limit);
    const { id } = req.params;
    const reports = await store.listReports(id, limit);
    // Reports outlive their test (audit evidence), so only 404 when neither exists.
    if (reports.length === 0) await getTestOr404(id);
    const body: ListResponse<RestoreReport> = { items: reports };
    res.json(body);
  });

  router.get('/reports/:name', async (req, res) => {
    await authorize(req, kymarosReportReadPermission);
    const report = await store.getReport(req.params.name);
    if (!report)
      throw new NotFoundError(`No restore report ${req.params.name}`);
    res.json(report);
  });

  router.post('/tests/:id/run', async (req, res) => {
    const credentials = await authorize(req, kymarosRestoreTestRunPermission);
    const test = await getTestOr404(req.params.id);
    if (test.error) throw new ConflictError(test.error);
    const requestedBy = principalRef(credentials);
    await runner.requestRun(test.id, requestedBy);
    logger.info(`Run of ${test.id} requested by ${requestedBy}`);
    const body: RunAcceptedResponse = { testId: test.id, status: 'accepted' };
    res.status(202).json(body);
  });

  router.get('/summary', async (req, res) => {
    const credentials = await authorize(req, kymarosReportReadPermission);
    res.json(await buildSummary({ store, catalog, credentials }));
  });

  return router;
}

function principalRef(
  credentials: BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal
  >,
): string {
  const { principal } = credentials;
  return principal.type === 'user'
    ? principal.userEntityRef
    : principal.subject;
}
