import type {
  AuditorService,
  AuthService,
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
import type { KymarosStore, StoredTest } from '../store/KymarosStore';
import { buildSummary } from './buildSummary';
import { CoverageGaps } from './CoverageGaps';
import {
  parseEntityRefParam,
  parseLimitParam,
  parseReportsParam,
} from './parseQuery';
import { parseSummaryQuery } from './parseSummaryQuery';
import {
  authorizedEntityRefs,
  type EntityPermission,
} from './authorizedEntityRefs';
import { requireEntityAccess } from './requireEntityAccess';
import { toRestoreTestItem } from './toRestoreTestItem';
import { withReports } from './withReports';
import { parseReportFormat } from './reportFormat';
import { presentReport } from '../reports/presentReport';
import { DEFAULT_REPORT_NAMESPACE } from '../reports/reportNamespace';
import { reportToYaml } from '../reports/reportYaml';
import { addEvidenceRoutes } from '../audit/evidenceRouter';
import { audited } from '../util/audited';
import { requestedBy } from '../run/requestedBy';
import {
  addBackupCoverageRoutes,
  type CoverageRouteOptions,
} from '../backupCoverage/coverageRoutes';

/** Register these with `httpRouter.addAuthPolicy`: everything else needs credentials. */
export const kymarosAuthPolicies: HttpRouterServiceAuthPolicy[] = [
  { path: '/health', allow: 'unauthenticated' },
];

export interface KymarosRouterOptions {
  store: KymarosStore;
  runner: { requestRun(testId: string, requestedBy: string): Promise<void> };
  httpAuth: HttpAuthService;
  /** The plugin's own credentials read the catalog for the coverage gaps. */
  auth: AuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  logger: LoggerService;
  /** Records Run now requests and evidence exports; without it they are only logged. */
  auditor?: AuditorService;
  /** `metadata.namespace` of every report answered (`kymaros.reports.namespace`; default `kymaros-system`). */
  reportNamespace?: string;
  /** Serves `/backup-coverage` and on-demand backups when given. */
  backupCoverage?: Pick<CoverageRouteOptions, 'coverage' | 'backups'>;
}

/** What every route uses to identify the caller and check its access. */
export interface RouteHelpers {
  credentialsOf(
    req: express.Request,
  ): Promise<
    BackstageCredentials<BackstageUserPrincipal | BackstageServicePrincipal>
  >;
  /** Single items: see requireEntityAccess for 404 versus 403. */
  access(
    credentials: BackstageCredentials,
    entityRef: string | undefined,
    notFound: string,
    permission?: EntityPermission,
  ): Promise<void>;
  /** Lists: items of entities the caller may not read are left out. */
  readableRefs(
    credentials: BackstageCredentials,
    entityRefs: Iterable<string>,
  ): Promise<Set<string>>;
  getTestOr404(
    credentials: BackstageCredentials,
    id: string,
    permission?: EntityPermission,
  ): Promise<StoredTest>;
  /** A stored report as answered: see presentReport. */
  present(report: RestoreReport): RestoreReport;
}

function routeHelpers(options: KymarosRouterOptions): RouteHelpers {
  const { store, httpAuth, permissions } = options;
  const access: RouteHelpers['access'] = async (
    credentials,
    entityRef,
    notFound,
    permission,
  ) => {
    await requireEntityAccess({
      permissions,
      credentials,
      entityRef,
      notFound,
      permission,
    });
  };
  return {
    credentialsOf: req =>
      httpAuth.credentials(req, { allow: ['user', 'service'] }),
    access,
    readableRefs: (credentials, entityRefs) =>
      authorizedEntityRefs(
        permissions,
        kymarosReportReadPermission,
        entityRefs,
        credentials,
      ),
    getTestOr404: async (credentials, id, permission) => {
      const test = await store.getTest(id);
      const notFound = `No restore test ${id}`;
      if (!test) throw new NotFoundError(notFound);
      await access(credentials, test.entityRef, notFound, permission);
      return test;
    },
    present: report =>
      presentReport(
        report,
        options.reportNamespace ?? DEFAULT_REPORT_NAMESPACE,
      ),
  };
}

/** `/tests`, `/tests/:id` and Run now. */
function addTestRoutes(
  router: express.Router,
  { store, runner, logger, auditor }: KymarosRouterOptions,
  helpers: RouteHelpers,
) {
  router.get('/tests', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const entityRef = parseEntityRefParam(req.query.entityRef);
    const reports = parseReportsParam(req.query.reports, entityRef);
    const tests = await store.listTests(
      entityRef === undefined ? undefined : { entityRef },
    );
    const readable = await helpers.readableRefs(
      credentials,
      tests.map(test => test.entityRef),
    );
    const items = tests
      .filter(test => readable.has(test.entityRef))
      .map(toRestoreTestItem);
    const body: ListResponse<RestoreTestItem> = {
      items: reports
        ? (await withReports(store, items, reports)).map(item => ({
            ...item,
            reports: item.reports?.map(helpers.present),
          }))
        : items,
    };
    res.json(body);
  });

  router.get('/tests/:id', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const body: RestoreTestItem = toRestoreTestItem(
      await helpers.getTestOr404(credentials, req.params.id),
    );
    res.json(body);
  });

  router.post('/tests/:id/run', async (req, res) => {
    const requestRun = async () => {
      const credentials = await helpers.credentialsOf(req);
      const test = await helpers.getTestOr404(
        credentials,
        req.params.id,
        kymarosRestoreTestRunPermission,
      );
      if (test.error) throw new ConflictError(test.error);
      const by = requestedBy(credentials);
      await runner.requestRun(test.id, by);
      logger.info(`Run of ${test.id} requested by ${by}`);
      return test;
    };
    // Refusals are recorded too: who tried to run what matters to auditors.
    const test = auditor
      ? await audited(
          auditor,
          {
            eventId: 'restore-test-run',
            severityLevel: 'medium',
            request: req,
            meta: { testId: req.params.id },
          },
          requestRun,
          () => ({ meta: { outcome: 'accepted' } }),
        )
      : await requestRun();
    const body: RunAcceptedResponse = { testId: test.id, status: 'accepted' };
    res.status(202).json(body);
  });
}

/** A test's reports, one report, and the catalog-wide summary. */
function addReportRoutes(
  router: express.Router,
  options: KymarosRouterOptions,
  helpers: RouteHelpers,
) {
  const { store, permissions } = options;
  const coverageGaps = new CoverageGaps(options);
  router.get('/tests/:id/reports', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const limit = parseLimitParam(req.query.limit);
    const { id } = req.params;
    const [test, reports] = await Promise.all([
      store.getTest(id),
      store.listReports(id, limit),
    ]);
    // Reports outlive their test (audit evidence) and name its entity.
    await helpers.access(
      credentials,
      test?.entityRef ?? reports[0]?.spec.entityRef,
      `No restore test ${id}`,
    );
    const body: ListResponse<RestoreReport> = {
      items: reports.map(helpers.present),
    };
    res.json(body);
  });

  router.get('/reports/:name', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const format = parseReportFormat(req.query.format);
    const report = await store.getReport(req.params.name);
    await helpers.access(
      credentials,
      report?.spec.entityRef,
      `No restore report ${req.params.name}`,
    );
    // access has thrown for a missing report: it names no entity.
    const body = helpers.present(report!);
    if (format === 'yaml')
      res.type('application/yaml').send(reportToYaml(body));
    else res.json(body);
  });

  router.get('/reports/:name/logs', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const report = await store.getReport(req.params.name);
    await helpers.access(
      credentials,
      report?.spec.entityRef,
      `No restore report ${req.params.name}`,
    );
    const evidence = await store.getEvidence(req.params.name);
    if (!evidence)
      throw new NotFoundError(
        `Report ${req.params.name} kept no evidence: its run created no sandbox`,
      );
    res.json(evidence);
  });

  router.get('/summary', async (req, res) => {
    const credentials = await helpers.credentialsOf(req);
    const body: SummaryResponse = await buildSummary({
      store,
      coverageGaps,
      permissions,
      credentials,
      params: parseSummaryQuery(req.query),
    });
    res.json(body);
  });
}

/**
 * The REST API described in `@kymaros/plugin-kymaros-common` (types.ts).
 * Errors are thrown as `@backstage/errors` classes; the httpRouter service's
 * error middleware turns them into Backstage's JSON error body.
 */
export async function createRouter(
  options: KymarosRouterOptions,
): Promise<express.Router> {
  const router = Router();
  const helpers = routeHelpers(options);
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  addTestRoutes(router, options, helpers);
  addReportRoutes(router, options, helpers);
  addEvidenceRoutes(router, options);
  if (options.backupCoverage)
    addBackupCoverageRoutes(
      router,
      { ...options, ...options.backupCoverage },
      helpers,
    );
  return router;
}
