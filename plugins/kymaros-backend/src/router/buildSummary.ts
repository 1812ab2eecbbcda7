import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  NotOptedInItem,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosStore } from '../store/KymarosStore';
import type { SummaryParams } from './parseSummaryQuery';
import { readScope, type ReadScope } from './readScope';

/** Coverage gaps listed in a response, at most; the total is always given. */
export const NOT_OPTED_IN_LIMIT = 100;

const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'spec.owner',
];

/**
 * The catalog-wide overview: one page of tests with their latest result from
 * the stored digests, the totals across every test the caller may read, and
 * the production components that have no test.
 */
export async function buildSummary(options: {
  store: KymarosStore;
  catalog: CatalogService;
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  params: SummaryParams;
}): Promise<SummaryResponse> {
  const { store, catalog, permissions, credentials, params } = options;
  const scope = await readScope(permissions, credentials);
  const testedRefs = await store.listTestedEntityRefs();
  const entityRefs = scope.all
    ? undefined
    : [...(await scope.readable(testedRefs))];
  const [page, gaps] = await Promise.all([
    store.summarizeTests({ ...params, entityRefs }),
    findNotOptedIn(
      catalog,
      credentials,
      scope,
      new Set(testedRefs.map(ref => ref.toLowerCase())),
    ),
  ]);
  return {
    items: page.items,
    totalItems: page.total,
    counts: page.counts,
    owners: page.owners,
    notOptedIn: gaps.slice(0, NOT_OPTED_IN_LIMIT),
    notOptedInTotal: gaps.length,
  };
}

/**
 * Production components the caller may read that have no test, sorted. An
 * invalid test still counts as a test: its entity page shows the error.
 * Catalog reads use the caller's credentials.
 */
async function findNotOptedIn(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  scope: ReadScope,
  tested: Set<string>,
): Promise<NotOptedInItem[]> {
  const gaps: NotOptedInItem[] = [];
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
      if (!tested.has(entityRef.toLowerCase())) {
        gaps.push({
          entityRef,
          owner: ownerOf(entity),
          title: entity.metadata.title,
        });
      }
    }
  }
  const readable = scope.all
    ? undefined
    : await scope.readable(gaps.map(gap => gap.entityRef));
  return gaps
    .filter(gap => !readable || readable.has(gap.entityRef))
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
}

function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  return typeof owner === 'string' ? owner : undefined;
}
