import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';

/** The fact retriever whose facts the Kymaros checks read. */
export const KYMAROS_FACT_RETRIEVER_ID = 'kymaros-restore-facts';

/** A tech-insights check as `GET /api/tech-insights/checks` lists it. */
export interface ScorecardCheck {
  id: string;
  name: string;
  description: string;
  factIds: string[];
}

/** One check's outcome for the entity; `result` undefined when it has no facts to run on. */
export interface ScorecardRow {
  check: ScorecardCheck;
  result?: boolean;
  /** The fact values the check read, by fact name. */
  facts: Record<string, unknown>;
}

export type Scorecard =
  /** The backend has no tech-insights plugin, or it runs without a fact checker. */
  | { state: 'not-installed' }
  /** No registered check reads the Kymaros facts. */
  | { state: 'no-checks' }
  /** The checks exist, but no facts were retrieved for this entity yet. */
  | { state: 'no-facts'; checks: ScorecardCheck[] }
  | { state: 'ready'; rows: ScorecardRow[] };

interface RunResult {
  check: { id: string };
  result: boolean;
  facts?: Record<string, { value?: unknown }>;
}

/**
 * The entity's results of every tech-insights check that reads the Kymaros
 * facts: the checks are listed, then run for the entity in one request.
 */
export async function fetchScorecard(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  entity: CompoundEntityRef,
): Promise<Scorecard> {
  const baseUrl = await apis.discoveryApi.getBaseUrl('tech-insights');
  const listed = await apis.fetchApi.fetch(`${baseUrl}/checks`);
  if (listed.status === 404) return { state: 'not-installed' };
  if (!listed.ok) throw await ResponseError.fromResponse(listed);
  const checks = ((await listed.json()) as ScorecardCheck[]).filter(check =>
    check.factIds?.includes(KYMAROS_FACT_RETRIEVER_ID),
  );
  if (!checks.length) return { state: 'no-checks' };

  const path = [
    entity.namespace,
    entity.kind.toLocaleLowerCase('en-US'),
    entity.name,
  ]
    .map(encodeURIComponent)
    .join('/');
  const ran = await apis.fetchApi.fetch(`${baseUrl}/checks/run/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ checks: checks.map(check => check.id) }),
  });
  if (!ran.ok) throw await ResponseError.fromResponse(ran);
  const results = (await ran.json()) as RunResult[];
  if (!results.length) return { state: 'no-facts', checks };
  const byId = new Map(results.map(r => [r.check.id, r]));
  return {
    state: 'ready',
    rows: checks.map(check => {
      const run = byId.get(check.id);
      return {
        check,
        result: run?.result,
        facts: Object.fromEntries(
          Object.entries(run?.facts ?? {}).map(([name, fact]) => [
            name,
            fact?.value,
          ]),
        ),
      };
    }),
  };
}
