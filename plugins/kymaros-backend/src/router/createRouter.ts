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
import {
  kymarosReportReadPermission,
  kymarosRestoreTestRunPermission,
  ListResponse,
  RestoreReport,
  RestoreTestItem,
  RunAcceptedResponse,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import express from 'express';
import Router from 'express-promise-router';
import type { KymarosStore } from '../store/KymarosStore';
import { buildSummary } from './buildSummary';
import { parseEntityRefParam, parseLimitParam } from './parseQuery';
import {
  authorizedEntityRefs,
  type EntityPermission,
} from './authorizedEntityRefs';
import { requireEntityAccess } from './requireEntityAccess';
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

  const credentialsOf = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  /** Single items: see requireEntityAccess for 404 versus 403. */
  const access = (
    credentials: BackstageCredentials,
    entityRef: string | undefined,
    notFound: string,
    permission?: EntityPermission,
  ) =>
    requireEntityAccess({
      permissions,
      credentials,
      entityRef,
      notFound,
      permission,
    });
  /** Lists: items of entities the caller may not read are left out. */
  const readableRefs = (
    credentials: BackstageCredentials,
    entityRefs: Iterable<string>,
  ) =>
    authorizedEntityRefs(
      permissions,
      kymarosReportReadPermission,
      entityRefs,
      credentials,
    );
  const getTestOr404 = async (
    credentials: BackstageCredentials,
    id: string,
    permission?: EntityPermission,
  ) => {
    const test = await store.getTest(id);
    const notFound = `No restore test ${id}`;
    if (!test) throw new NotFoundError(notFound);
    await access(credentials, test.entityRef, notFound, permission);
    return test;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/tests', async (req, res) => {
    const credentials = await credentialsOf(req);
    const entityRef = parseEntityRefParam(req.query.entityRef);
    const tests = await store.listTests(
      entityRef === undefined ? undefined : { entityRef },
    );
    const readable = await readableRefs(
      credentials,
      tests.map(test => test.entityRef),
    );
    const body: ListResponse<RestoreTestItem> = {
      items: tests
        .filter(test => readable.has(test.entityRef))
        .map(toRestoreTestItem),
    };
    res.json(body);
  });

  router.get('/tests/:id', async (req, res) => {
    const credentials = await credentialsOf(req);
    const body: RestoreTestItem = toRestoreTestItem(
      await getTestOr404(credentials, req.params.id),
    );
    res.json(body);
  });

  router.get('/tests/:id/reports', async (req, res) => {
    const credentials = await credentialsOf(req);
    const limit = parseLimitParam(req.query.limit);
    const { id } = req.params;
    const [test, reports] = await Promise.all([
      store.getTest(id),
      store.listReports(id, limit),
    ]);
    // Reports outlive their test (audit evidence) and name its entity.
    await access(
      credentials,
      test?.entityRef ?? reports[0]?.spec.entityRef,
      `No restore test ${id}`,
    );
    const body: ListResponse<RestoreReport> = { items: reports };
    res.json(body);
  });

  router.get('/reports/:name', async (req, res) => {
    const credentials = await credentialsOf(req);
    const report = await store.getReport(req.params.name);
    await access(
      credentials,
      report?.spec.entityRef,
      `No restore report ${req.params.name}`,
    );
    res.json(report);
  });

  router.post('/tests/:id/run', async (req, res) => {
    const credentials = await credentialsOf(req);
    const test = await getTestOr404(
      credentials,
      req.params.id,
      kymarosRestoreTestRunPermission,
    );
    if (test.error) throw new ConflictError(test.error);
    const requestedBy = principalRef(credentials);
    await runner.requestRun(test.id, requestedBy);
    logger.info(`Run of ${test.id} requested by ${requestedBy}`);
    const body: RunAcceptedResponse = { testId: test.id, status: 'accepted' };
    res.status(202).json(body);
  });

  router.get('/summary', async (req, res) => {
    const credentials = await credentialsOf(req);
    const summary = await buildSummary({ store, catalog, credentials });
    const readable = await readableRefs(credentials, [
      ...summary.items.map(item => item.entityRef),
      ...summary.notOptedIn.map(item => item.entityRef),
    ]);
    const body: SummaryResponse = {
      items: summary.items.filter(item => readable.has(item.entityRef)),
      notOptedIn: summary.notOptedIn.filter(item =>
        readable.has(item.entityRef),
      ),
    };
    res.json(body);
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
