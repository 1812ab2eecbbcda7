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
  ANNOTATION_LOCATION,
  parseLocationRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  isKymarosOptedIn,
  KYMAROS_ANNOTATIONS,
} from '@kymaros/plugin-kymaros-common';
import type { TestRecord } from '../store/KymarosStore';
import { DefinitionContext, testFromAnnotations } from './buildDefinitions';
import { testsFromFiles } from './fileTests';
import { ReadBudget } from './readBudget';
import { DefinitionCache } from './DefinitionCache';
import {
  OutsideDirectoryError,
  UnreadableDefinitionError,
} from './definitionErrors';
import { CatalogTestSourceLimits, resolveLimits } from './definitionLimits';
import { FileDefinitionReader } from './FileDefinitionReader';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { mapWithConcurrency } from '../util/mapWithConcurrency';
import type { ParsedFile } from './parseKymarosFile';
import { quote } from './quote';
import { UrlDefinitionReader } from './UrlDefinitionReader';
import { describeError } from '../util/errors';

export type { CatalogTestSourceLimits } from './definitionLimits';

/**
 * Where the catalog read the entity from. Not \`backstage.io/source-location\`:
 * the entity's author writes that annotation, and could point file refs at
 * any path on the backend's host; \`managed-by-location\` is the catalog's own.
 */
function managedLocation(entity: Entity): { type: string; target: string } {
  const written = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  try {
    if (written) return parseLocationRef(written);
  } catch {
    // Refused below, as for an entity without one.
  }
  throw new UnreadableDefinitionError(
    'the entity has no source location to find it from',
  );
}

/** A file that could not be read: no documents, and why. */
function failedFile(location: string, message: string): ParsedFile {
  return { location, tests: [], policies: [], errors: [message], warnings: [] };
}

/** Where an entity's definition file is: a file next to it, or a URL. */
type Where =
  | { type: 'file'; dir: string; ref: string; label: string }
  | { type: 'url'; url: string; label: string };

/** What a definition is built from: the entity's ref, annotations (source location included) and owner. */
const DEFINITION_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.annotations',
  'spec.owner',
];
const PAGE_SIZE = 500;

const hasScheme = (ref: string) => /^[a-z][a-z0-9+.-]*:/i.test(ref);

/**
 * Turns opted-in catalog entities into RestoreTests: from their annotations,
 * or from the RestoreTest file they point at (read relative to the entity's
 * source). A bad definition becomes a test carrying its error, never a crash,
 * and a slow one only ever delays itself, by at most `entityTimeoutMs`.
 */
export class CatalogTestSource {
  private readonly limits: Required<CatalogTestSourceLimits>;
  private readonly cache = new DefinitionCache();
  private readonly files: FileDefinitionReader;
  private readonly urls: UrlDefinitionReader;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      urlReader: UrlReaderService;
      logger: LoggerService;
      context: () => DefinitionContext;
      limits?: CatalogTestSourceLimits;
    },
  ) {
    this.limits = resolveLimits(deps.limits);
    const checkTypes = () => deps.context().checkTypes;
    this.files = new FileDefinitionReader(
      this.cache,
      this.limits.maxFileBytes,
      checkTypes,
    );
    this.urls = new UrlDefinitionReader(
      deps.urlReader,
      this.cache,
      this.limits.maxFileBytes,
      (url, error) =>
        deps.logger.warn(`Reading ${url} failed: ${describeError(error)}`),
      checkTypes,
    );
  }

  /**
   * Every opted-in entity's tests, read page by page with only the fields a
   * definition needs: a pass over thousands of entities moves a fraction of
   * their JSON and gives the event loop back between pages.
   */
  async loadAll(): Promise<TestRecord[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const pages = this.deps.catalog.streamEntities(
      {
        filter: [
          { [`metadata.annotations.${KYMAROS_ANNOTATIONS.enabled}`]: 'true' },
          {
            [`metadata.annotations.${KYMAROS_ANNOTATIONS.restoreTest}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: DEFINITION_FIELDS,
        pageSize: PAGE_SIZE,
      },
      { credentials },
    );
    const all: TestRecord[] = [];
    for await (const page of pages) {
      // The catalog filter selects these already; checking again keeps a loose filter from opting anyone in.
      const optedIn = page.filter(e =>
        isKymarosOptedIn(e.metadata.annotations),
      );
      const tests = await mapWithConcurrency(
        optedIn,
        this.limits.concurrency,
        async e => {
          // Most definitions come from annotations alone and are built
          // synchronously: a turn of the event loop per entity keeps a page of
          // them from being one long task.
          await yieldToEventLoop();
          return this.testsFor(e);
        },
      );
      all.push(...tests.flat());
    }
    this.cache.sweep();
    return all;
  }

  /**
   * The entity's tests. Its annotation names one file, a comma-separated
   * list, or directories; reading them all takes at most `entityTimeoutMs`
   * and the entity's read budget. A file that cannot be read is an error
   * beside the tests the others define.
   */
  async testsFor(entity: Entity): Promise<TestRecord[]> {
    const ctx = this.deps.context();
    const written =
      entity.metadata.annotations?.[KYMAROS_ANNOTATIONS.restoreTest];
    if (!written)
      return [
        testFromAnnotations(
          entity,
          ctx,
          new Map(ctx.config.policies.map(p => [p.name, p])),
        ),
      ];
    const files = await this.readFiles(entity, written);
    return testsFromFiles(entity, files, ctx, ctx.config.policies);
  }

  /** The files the annotation names, each read or carrying why it was not. */
  private async readFiles(
    entity: Entity,
    written: string,
  ): Promise<ParsedFile[]> {
    const refs = [
      ...new Set(
        written
          .split(',')
          .map(r => r.trim())
          .filter(Boolean),
      ),
    ];
    const name = KYMAROS_ANNOTATIONS.restoreTest;
    if (refs.length === 0)
      return [
        failedFile(
          written,
          `${name}: ${quote(
            written,
          )} names no file (write a path, a comma-separated list, or a directory)`,
        ),
      ];
    if (refs.length > this.limits.maxEntityFiles)
      return [
        failedFile(
          name,
          `${name} names ${refs.length} files or directories; at most ${this.limits.maxEntityFiles} may be named`,
        ),
      ];
    const budget = new ReadBudget(
      this.limits.maxEntityFiles,
      this.limits.maxEntityBytes,
    );
    try {
      return (
        await this.withinTimeout(signal =>
          mapWithConcurrency(refs, 1, ref =>
            this.readRef(entity, ref, budget, signal),
          ),
        )
      ).flat();
    } catch (e) {
      // The timeout: every ref is named, as written or resolved.
      const labels = refs.map(ref => {
        try {
          return this.locate(entity, ref).label;
        } catch {
          return this.labelOf(ref);
        }
      });
      return [this.failed(entity, e, written, labels.join(', '))];
    }
  }

  /** One ref's files; a ref that cannot be read is a file carrying why. */
  private async readRef(
    entity: Entity,
    ref: string,
    budget: ReadBudget,
    signal: AbortSignal,
  ): Promise<ParsedFile[]> {
    let label = this.labelOf(ref);
    try {
      const where = this.locate(entity, ref);
      label = where.label;
      return await this.read(where, budget, signal);
    } catch (e) {
      // The timeout aborts every read: the entity's error says so once.
      if (signal.aborted) throw e;
      return [this.failed(entity, e, ref, label)];
    }
  }

  private labelOf(ref: string): string {
    return hasScheme(ref) ? ref : path.posix.normalize(ref);
  }

  private failed(
    entity: Entity,
    e: unknown,
    ref: string,
    label: string,
  ): ParsedFile {
    const message = this.errorText(e, ref, label);
    this.deps.logger.warn(
      `Cannot read the RestoreTest file of ${stringifyEntityRef(
        entity,
      )}: ${message}`,
    );
    return failedFile(label, message);
  }

  /** Resolves `ref` against where the entity was defined; a ref with a scheme is always a URL. */
  private locate(entity: Entity, ref: string): Where {
    if (hasScheme(ref)) return { type: 'url', url: ref, label: ref };
    const source = managedLocation(entity);
    if (source.type === 'file') {
      const dir = source.target.endsWith('/')
        ? source.target
        : path.dirname(source.target);
      // Shown as written in the annotation: the server's absolute path means
      // nothing to portal users and says more about the server than needed.
      return { type: 'file', dir, ref, label: path.posix.normalize(ref) };
    }
    const url = new URL(ref, source.target).toString();
    return { type: 'url', url, label: url };
  }

  private read(
    where: Where,
    budget: ReadBudget,
    signal: AbortSignal,
  ): Promise<ParsedFile[]> {
    return where.type === 'file'
      ? this.files.read(where.dir, where.ref, where.label, budget, signal)
      : this.urls.read(where.url, budget, signal);
  }

  /** Runs `fn`, giving up (and aborting it) after the entity timeout. */
  private async withinTimeout<T>(
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const ms = this.limits.entityTimeoutMs;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new UnreadableDefinitionError(`timed out after ${ms / 1000} s`));
        controller.abort();
      }, ms);
    });
    const work = fn(controller.signal);
    // A read that loses the race may still fail later; nobody waits for it then.
    work.catch(() => {});
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The message a test shows for a file that could not be used; never a server path or file content. */
  private errorText(e: unknown, ref: string, label: string): string {
    if (e instanceof OutsideDirectoryError)
      return `${KYMAROS_ANNOTATIONS.restoreTest}: ${quote(ref)} is ${
        e.message
      }`;
    if (e instanceof UnreadableDefinitionError)
      return `cannot read ${label}: ${e.message}`;
    if (e instanceof TypeError && /Invalid URL/i.test(e.message))
      return `${KYMAROS_ANNOTATIONS.restoreTest}: ${quote(
        ref,
      )} is not a valid URL or path`;
    this.deps.logger.warn(
      `Unexpected error reading ${label}: ${describeError(e)}`,
    );
    return `cannot read ${label}: unexpected error`;
  }
}
