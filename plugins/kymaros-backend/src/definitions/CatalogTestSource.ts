import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  getEntitySourceLocation,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { KYMAROS_ANNOTATIONS } from '@kymaros/plugin-kymaros-common';
import type { TestRecord } from '../store/KymarosStore';
import {
  DefinitionContext,
  parseKymarosFile,
  testFromAnnotations,
  testsFromFile,
} from './buildDefinitions';

/**
 * Turns opted-in catalog entities into RestoreTests: from their annotations,
 * or from the RestoreTest file they point at (read relative to the entity's
 * source). A bad definition becomes a test carrying its error, never a crash.
 */
export class CatalogTestSource {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      urlReader: UrlReaderService;
      logger: LoggerService;
      context: () => DefinitionContext;
    },
  ) {}

  async loadAll(): Promise<TestRecord[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: [
          { [`metadata.annotations.${KYMAROS_ANNOTATIONS.enabled}`]: 'true' },
          {
            [`metadata.annotations.${KYMAROS_ANNOTATIONS.restoreTest}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
      },
      { credentials },
    );
    // The catalog filter selects these already; checking again keeps a loose filter from opting anyone in.
    const optedIn = items.filter(
      e =>
        e.metadata.annotations?.[KYMAROS_ANNOTATIONS.enabled] === 'true' ||
        e.metadata.annotations?.[KYMAROS_ANNOTATIONS.restoreTest],
    );
    const all = await Promise.all(optedIn.map(e => this.testsFor(e)));
    return all.flat();
  }

  async testsFor(entity: Entity): Promise<TestRecord[]> {
    const ctx = this.deps.context();
    const configPolicies = ctx.config.policies;
    const ref = entity.metadata.annotations?.[KYMAROS_ANNOTATIONS.restoreTest];
    if (!ref)
      return [
        testFromAnnotations(
          entity,
          ctx,
          new Map(configPolicies.map(p => [p.name, p])),
        ),
      ];
    let location = ref;
    try {
      const { text, resolved } = await this.read(entity, ref);
      location = resolved;
      return testsFromFile(
        entity,
        parseKymarosFile(text, resolved),
        resolved,
        ctx,
        configPolicies,
      );
    } catch (e) {
      this.deps.logger.warn(
        `Cannot read the RestoreTest file of ${stringifyEntityRef(entity)}: ${
          (e as Error).message
        }`,
      );
      return testsFromFile(
        entity,
        {
          tests: [],
          policies: [],
          errors: [`cannot read ${location}: ${(e as Error).message}`],
        },
        location,
        ctx,
        configPolicies,
      );
    }
  }

  /** Reads `ref` relative to where the entity was defined (file or URL location). */
  private async read(
    entity: Entity,
    ref: string,
  ): Promise<{ text: string; resolved: string }> {
    const source = getEntitySourceLocation(entity);
    if (source.type === 'file') {
      const base = source.target.endsWith('/')
        ? source.target
        : path.dirname(source.target);
      const file = path.resolve(base, ref);
      return { text: await readFile(file, 'utf8'), resolved: file };
    }
    const url = new URL(ref, source.target).toString();
    const response = await this.deps.urlReader.readUrl(url);
    return { text: (await response.buffer()).toString('utf8'), resolved: url };
  }
}
