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
    let location = /^[a-z][a-z0-9+.-]*:/i.test(ref) ? ref : path.normalize(ref);
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
          errors: [`cannot read ${location}: ${readError(e)}`],
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
      // Shown as written in the annotation: the server's absolute path means
      // nothing to portal users and says more about the server than needed.
      return {
        text: await readFile(path.resolve(base, ref), 'utf8'),
        resolved: path.normalize(ref),
      };
    }
    const url = new URL(ref, source.target).toString();
    const response = await this.deps.urlReader.readUrl(url);
    return { text: (await response.buffer()).toString('utf8'), resolved: url };
  }
}

/** Why a definition file could not be read, without the server's file system paths. */
function readError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? (e as Error).message;
}
