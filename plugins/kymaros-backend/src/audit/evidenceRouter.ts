import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type ChainedEvidenceRecord,
  EVIDENCE_RECORD_FORMAT,
  type EvidenceVerification,
  evidenceCsvHeader,
  evidenceCsvRow,
  kymarosEvidenceReadPermission,
  kymarosReportReadPermission,
  parseEvidenceExport,
  verifyEvidenceChain,
} from '@kymaros/plugin-kymaros-common';
import express from 'express';
import { once } from 'node:events';
import type { KymarosStore, StoredEvidence } from '../store/KymarosStore';
import { authorizedEntityRefs } from '../router/authorizedEntityRefs';
import { checkAgainstStore } from './checkAgainstStore';
import { evidenceRecords } from './evidenceRecords';
import { audited } from '../util/audited';
import {
  type EvidenceExportQuery,
  parseEvidenceQuery,
} from './parseEvidenceQuery';

/** Largest export the verify endpoint reads (about 40,000 records). */
export const VERIFY_BODY_LIMIT = '20mb';

export interface EvidenceRouteOptions {
  store: KymarosStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Records each export; without it exports are not audited. */
  auditor?: AuditorService;
}

/**
 * `GET /evidence` (the audit export) and `POST /evidence/verify`, both
 * behind `kymaros.evidence.read`; the export holds only the entities on
 * which the caller has `kymaros.report.read`.
 */
export function addEvidenceRoutes(
  router: express.Router,
  options: EvidenceRouteOptions,
): void {
  const { httpAuth, permissions } = options;
  const allowed = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: kymarosEvidenceReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW)
      throw new NotAllowedError(
        `You may not use ${kymarosEvidenceReadPermission.name}`,
      );
    return credentials;
  };

  router.get('/evidence', async (req, res) => {
    const exportEvidence = async () => {
      const credentials = await allowed(req);
      const query = parseEvidenceQuery(req.query as Record<string, unknown>);
      const entityRefs = await readableEntities(options, credentials, query);
      return {
        query,
        entities: entityRefs.length,
        sent: await streamExport(
          res,
          query,
          evidenceRecords(options.store, { ...query, entityRefs }),
        ),
      };
    };
    if (!options.auditor) {
      await exportEvidence();
      return;
    }
    // Reading restore evidence is normal use (low), but who took which export is what auditors ask.
    await audited(
      options.auditor,
      { eventId: 'evidence-export', request: req },
      exportEvidence,
      ({ query, entities, sent }) => ({
        meta: {
          format: query.format,
          ...(query.from ? { from: query.from.toISOString() } : {}),
          ...(query.to ? { to: query.to.toISOString() } : {}),
          ...(query.entityRef ? { entityRef: query.entityRef } : {}),
          ...(query.owner ? { owner: query.owner } : {}),
          entities,
          records: sent.records,
        },
        error: sent.complete
          ? undefined
          : new Error('the client went away before the export ended'),
      }),
    );
  });

  router.post(
    '/evidence/verify',
    express.text({ type: () => true, limit: VERIFY_BODY_LIMIT }),
    async (req, res) => {
      const credentials = await allowed(req);
      if (typeof req.body !== 'string' || req.body.trim() === '')
        throw new InputError(
          'Send an evidence export (CSV or JSON) as the request body',
        );
      const records = parseEvidenceExport(req.body);
      const stored = await options.store.getStoredEvidence({
        reportNames: records.map(r => r.report),
        testIds: records.map(r => r.test),
      });
      const body: EvidenceVerification = checkAgainstStore(
        verifyEvidenceChain(records),
        records,
        stored,
        await readableStored(options, credentials, stored),
      );
      res.json(body);
    },
  );
}

/** Streams the export; how many records went out, and whether all did. */
async function streamExport(
  res: express.Response,
  query: EvidenceExportQuery,
  records: AsyncIterable<ChainedEvidenceRecord>,
): Promise<{ records: number; complete: boolean }> {
  const stamp = new Date().toISOString();
  // The app is often served from another origin, whose scripts see only exposed headers.
  res.append('Access-Control-Expose-Headers', 'Content-Disposition');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="kymaros-evidence-${stamp.replace(/[:.]/g, '-')}.${
      query.format
    }"`,
  );
  const sent = { records: 0, complete: false };
  const counted = (async function* count() {
    for await (const record of records) {
      sent.records++;
      yield record;
    }
  })();
  const chunks =
    query.format === 'csv' ? csvChunks(counted) : jsonChunks(counted, stamp);
  res.type(
    query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json',
  );
  for await (const chunk of chunks) {
    if (!(await send(res, chunk))) return sent;
  }
  res.end();
  sent.complete = true;
  return sent;
}

async function* csvChunks(records: AsyncIterable<ChainedEvidenceRecord>) {
  yield evidenceCsvHeader();
  for await (const record of records) yield evidenceCsvRow(record);
}

async function* jsonChunks(
  records: AsyncIterable<ChainedEvidenceRecord>,
  exportedAt: string,
) {
  const head = { format: EVIDENCE_RECORD_FORMAT, exportedAt };
  yield `${JSON.stringify(head).slice(0, -1)},"records":[`;
  let separator = '';
  for await (const record of records) {
    yield `${separator}${JSON.stringify(record)}`;
    separator = ',';
  }
  yield ']}';
}

/**
 * Writes a chunk, waiting while the client reads slower than the database
 * answers; false once the client has gone (the export then stops).
 */
async function send(res: express.Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk))
    await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

/** The entities of the stored reports and tests the caller may read the reports of. */
async function readableStored(
  { permissions }: EvidenceRouteOptions,
  credentials: BackstageCredentials,
  stored: StoredEvidence,
): Promise<Set<string>> {
  const entityRefs = new Set(
    [...stored.reports.values(), ...stored.tests.values()].map(
      s => s.entityRef,
    ),
  );
  return authorizedEntityRefs(
    permissions,
    kymarosReportReadPermission,
    entityRefs,
    credentials,
  );
}

/** The entities of the query the caller may read the reports of. */
async function readableEntities(
  { store, permissions }: EvidenceRouteOptions,
  credentials: BackstageCredentials,
  query: EvidenceExportQuery,
): Promise<string[]> {
  const candidates = query.entityRef
    ? [query.entityRef]
    : await store.listEvidenceEntityRefs(query);
  const readable = await authorizedEntityRefs(
    permissions,
    kymarosReportReadPermission,
    candidates,
    credentials,
  );
  return candidates.filter(ref => readable.has(ref));
}
