import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  SummaryItem,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosStore, StoredTest } from '../store/KymarosStore';

/** How many recent scores each summary item's trend holds. */
export const TREND_LENGTH = 10;

const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'spec.owner',
];

/**
 * The catalog-wide overview: every test with its latest result, plus the
 * production components that have no test. Catalog reads use the caller's
 * credentials, so they see only the entities (and owners) the caller may.
 */
export async function buildSummary(options: {
  store: KymarosStore;
  catalog: CatalogService;
  credentials: BackstageCredentials;
}): Promise<SummaryResponse> {
  const { store, catalog, credentials } = options;
  const [tests, digests] = await Promise.all([
    store.listTests(),
    store.summarizeReports(TREND_LENGTH),
  ]);
  const digestByTest = new Map(digests.map(digest => [digest.testId, digest]));

  const testedRefs = [...new Set(tests.map(test => test.entityRef))];
  const { items: entities } = testedRefs.length
    ? await catalog.getEntitiesByRefs(
        { entityRefs: testedRefs, fields: ENTITY_FIELDS },
        { credentials },
      )
    : { items: [] };
  const ownerByRef = new Map(
    testedRefs.map((ref, i) => [ref, ownerOf(entities[i])]),
  );

  const items = tests.map((test): SummaryItem => {
    const digest = digestByTest.get(test.id);
    const latest = digest?.latest.status;
    return {
      entityRef: test.entityRef,
      owner: ownerByRef.get(test.entityRef),
      testId: test.id,
      testName: test.name,
      score: latest?.score ?? test.state.lastScore,
      result: latest?.result ?? test.state.lastResult,
      // A run that never got through validation measured no RTO: unknown, not "over target".
      withinSLA:
        latest?.validationLevels?.rtoCompliance?.status === 'skip'
          ? undefined
          : latest?.rto?.withinSLA,
      backupAge: latest?.backup?.age,
      lastRunAt: test.state.lastRunAt ?? latest?.completedAt,
      phase: test.state.phase,
      error: test.error,
      trend: digest?.trend ?? [],
    };
  });

  return {
    items,
    notOptedIn: await findNotOptedIn(catalog, credentials, tests),
  };
}

async function findNotOptedIn(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  tests: StoredTest[],
): Promise<SummaryResponse['notOptedIn']> {
  // An invalid test still counts as opted in: its entity page shows the error.
  const optedIn = new Set(tests.map(test => test.entityRef.toLowerCase()));
  const notOptedIn: SummaryResponse['notOptedIn'] = [];
  const pages = catalog.streamEntities(
    {
      filter: { kind: 'Component', 'spec.lifecycle': 'production' },
      fields: ENTITY_FIELDS,
    },
    { credentials },
  );
  for await (const page of pages) {
    for (const entity of page) {
      const entityRef = stringifyEntityRef(entity);
      if (!optedIn.has(entityRef)) {
        notOptedIn.push({
          entityRef,
          owner: ownerOf(entity),
          title: entity.metadata.title,
        });
      }
    }
  }
  return notOptedIn.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}

function ownerOf(entity: Entity | undefined): string | undefined {
  const owner = entity?.spec?.owner;
  return typeof owner === 'string' ? owner : undefined;
}
