import type {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import { parseEntityRef } from '@backstage/catalog-model';
import { ForwardedError } from '@backstage/errors';
import type { SummaryItem } from '@kymaros/plugin-kymaros-common';
import {
  aggregateRestoreFacts,
  untestedFacts,
} from '../facts/aggregateRestoreFacts';
import {
  KYMAROS_FACT_RETRIEVER_ID,
  kymarosRestoreFactSchema,
} from '../facts/restoreFactSchema';
import { listCatalogEntityRefs } from './listCatalogEntityRefs';
import { readAllSummaryItems } from './readAllSummaryItems';

/** @public */
export interface KymarosFactRetrieverOptions {
  /**
   * Catalog filter (as `GET /api/catalog/entities/by-query` takes it) of the
   * entities that get `hasRestoreTest: false` when no test covers them;
   * undefined publishes facts for tested entities only.
   */
  catalogFilter?: string;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/**
 * The fact retriever `kymaros-restore-facts`: the latest restore results of
 * every entity, read from the Kymaros backend's `GET /api/kymaros/summary`
 * with the tech-insights plugin's service credentials.
 *
 * When Kymaros cannot be read the run fails (tech-insights logs the error)
 * and the facts stored by the previous run stay. When the catalog cannot be
 * read, tested entities still get their facts and a warning says untested
 * ones were left out of this run.
 *
 * @public
 */
export function createKymarosFactRetriever(
  options: KymarosFactRetrieverOptions = {},
): FactRetriever {
  const now = options.now ?? (() => new Date());
  return {
    id: KYMAROS_FACT_RETRIEVER_ID,
    version: '0.1.0',
    title: 'Kymaros restore tests',
    description:
      'Latest restore score, result, run time, RTO and backup age of each entity',
    schema: kymarosRestoreFactSchema,
    handler: async ({ discovery, auth, logger }) => {
      const services = { discovery, auth };
      const items = await readAllSummaryItems(services).catch(error => {
        throw new ForwardedError(
          'Kymaros restore results could not be read; the facts of the previous run are kept',
          error,
        );
      });
      let catalogRefs: string[] = [];
      if (options.catalogFilter) {
        catalogRefs = await listCatalogEntityRefs(
          services,
          options.catalogFilter,
        ).catch(error => {
          logger.warn(
            `Catalog entities (${options.catalogFilter}) could not be listed, so entities without a restore test get no facts this run: ${error}`,
          );
          return [];
        });
      }
      const facts = toFacts(groupByEntity(items), catalogRefs, now(), ref =>
        logger.warn(`Restore tests name ${ref}, which is not an entity ref`),
      );
      logger.info(
        `Kymaros facts for ${facts.length} entities from ${items.length} restore tests`,
      );
      return facts;
    },
  };
}

/** Tests by entity ref, keyed case-insensitively as the catalog compares refs. */
function groupByEntity(items: SummaryItem[]): Map<string, SummaryItem[]> {
  const byEntity = new Map<string, SummaryItem[]>();
  for (const item of items) {
    const key = item.entityRef.toLocaleLowerCase('en-US');
    const tests = byEntity.get(key);
    if (tests) tests.push(item);
    else byEntity.set(key, [item]);
  }
  return byEntity;
}

function toFacts(
  byEntity: Map<string, SummaryItem[]>,
  catalogRefs: string[],
  now: Date,
  onMalformedRef: (ref: string) => void,
): TechInsightFact[] {
  const refs = new Map<string, string>();
  for (const items of byEntity.values()) {
    refs.set(items[0].entityRef.toLocaleLowerCase('en-US'), items[0].entityRef);
  }
  for (const ref of catalogRefs) {
    const key = ref.toLocaleLowerCase('en-US');
    if (!refs.has(key)) refs.set(key, ref);
  }
  const facts: TechInsightFact[] = [];
  for (const [key, ref] of refs) {
    const entity = toEntity(ref);
    if (!entity) {
      onMalformedRef(ref);
      continue;
    }
    const entityItems = byEntity.get(key);
    facts.push({
      entity,
      facts: entityItems
        ? aggregateRestoreFacts(entityItems, now)
        : untestedFacts(),
    });
  }
  return facts;
}

/** Undefined for a malformed ref: it names no catalog entity. */
function toEntity(ref: string): TechInsightFact['entity'] | undefined {
  try {
    const { kind, namespace, name } = parseEntityRef(ref);
    return { kind, namespace, name };
  } catch {
    return undefined;
  }
}
