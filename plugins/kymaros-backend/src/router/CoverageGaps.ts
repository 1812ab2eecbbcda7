import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotOptedInItem } from '@kymaros/plugin-kymaros-common';
import type { KymarosStore } from '../store/KymarosStore';
import { describeError } from '../util/errors';

/** Gaps younger than this are served as they are. */
export const GAPS_FRESH_MS = 30_000;
/** Older gaps, up to this age, are served while a reload runs; beyond, requests wait for it. */
export const GAPS_MAX_STALE_MS = 5 * 60_000;

const ENTITY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'spec.owner',
];

/**
 * Production components that have no test, sorted by ref: the overview's
 * coverage gaps. Reading every production component from the catalog is
 * too slow for each request, so the list is loaded with the plugin's own
 * credentials and kept for GAPS_FRESH_MS; callers filter it by what they
 * may read. An invalid test still counts as a test: its entity page shows
 * the error.
 */
export class CoverageGaps {
  private cached?: { loadedAt: number; gaps: NotOptedInItem[] };
  private loading?: Promise<NotOptedInItem[]>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      store: Pick<KymarosStore, 'listTestedEntityRefs'>;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  async get(): Promise<NotOptedInItem[]> {
    const age = this.now() - (this.cached?.loadedAt ?? -Infinity);
    if (this.cached && age < GAPS_FRESH_MS) return this.cached.gaps;
    const reload = this.reload();
    if (!this.cached || age >= GAPS_MAX_STALE_MS) return reload;
    reload.catch(error =>
      this.deps.logger.warn(
        `Reloading the coverage gaps failed: ${describeError(error)}`,
      ),
    );
    return this.cached.gaps;
  }

  /** One load at a time, however many requests find the list stale. */
  private reload(): Promise<NotOptedInItem[]> {
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<NotOptedInItem[]> {
    const loadedAt = this.now();
    const [tested, components] = await Promise.all([
      this.deps.store.listTestedEntityRefs(),
      this.productionComponents(),
    ]);
    const testedLower = new Set(tested.map(ref => ref.toLowerCase()));
    const gaps = components
      .filter(gap => !testedLower.has(gap.entityRef.toLowerCase()))
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    this.cached = { loadedAt, gaps };
    return gaps;
  }

  private async productionComponents(): Promise<NotOptedInItem[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const pages = this.deps.catalog.streamEntities(
      {
        filter: { kind: 'Component', 'spec.lifecycle': 'production' },
        fields: ENTITY_FIELDS,
      },
      { credentials },
    );
    const components: NotOptedInItem[] = [];
    for await (const page of pages) {
      for (const entity of page) {
        components.push({
          entityRef: stringifyEntityRef(entity),
          owner: ownerOf(entity),
          title: entity.metadata.title,
        });
      }
    }
    return components;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}

function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  return typeof owner === 'string' ? owner : undefined;
}
