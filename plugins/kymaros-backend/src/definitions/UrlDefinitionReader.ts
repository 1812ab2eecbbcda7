import type { Readable } from 'node:stream';
import type {
  UrlReaderService,
  UrlReaderServiceReadUrlResponse,
} from '@backstage/backend-plugin-api';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { isError } from '@backstage/errors';
import { DefinitionCache } from './DefinitionCache';
import { UnreadableDefinitionError, formatBytes } from './definitionErrors';
import { ParsedFile, parseKymarosFile } from './parseKymarosFile';
import type { ReadBudget } from './readBudget';
import { yamlName } from './FileDefinitionReader';

/** Name order, as a local directory is read. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : Number(a > b));

/** A UrlReader failure as a reason that is safe and useful to show, if it is a known one. */
function knownUrlReadError(e: unknown): UnreadableDefinitionError | undefined {
  const name = isError(e) ? e.name : '';
  if (name === 'NotFoundError')
    return new UnreadableDefinitionError('no such file');
  if (name === 'NotAllowedError')
    return new UnreadableDefinitionError(
      'reading this URL is not allowed (see backend.reading.allow and integrations)',
    );
  if (name === 'AuthenticationError' || name === 'ForbiddenError')
    return new UnreadableDefinitionError('access denied');
  if (name === 'AbortError')
    return new UnreadableDefinitionError('the read was cancelled');
  return undefined;
}

function tooLarge(maxBytes: number) {
  return new UnreadableDefinitionError(`larger than ${formatBytes(maxBytes)}`);
}

async function readStream(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

/** At most `maxBytes` of the response; streamed when the reader can, so a huge file is never held. */
async function bodyOf(
  response: UrlReaderServiceReadUrlResponse,
  maxBytes: number,
): Promise<string> {
  const body = response.stream
    ? await readStream(response.stream(), maxBytes)
    : await response.buffer();
  if (body.length > maxBytes) throw tooLarge(maxBytes);
  return body.toString('utf8');
}

/**
 * Reads definition files through Backstage's UrlReader, which applies the
 * integrations and `backend.reading.allow`. The ETag of the last read is sent
 * along, and a "not modified" answer reuses what was parsed then.
 */
export class UrlDefinitionReader {
  constructor(
    private readonly urlReader: UrlReaderService,
    private readonly cache: DefinitionCache,
    private readonly maxBytes: number,
    private readonly onError: (url: string, error: unknown) => void,
    /** The check types whose settings a file's checks are validated against. */
    private readonly checkTypes: () => ReadonlyMap<string, CheckType>,
  ) {}

  /** The file at `url`, or each YAML file directly in the directory a URL ending in `/` names. */
  read(
    url: string,
    budget: ReadBudget,
    signal?: AbortSignal,
  ): Promise<ParsedFile[]> {
    return url.endsWith('/')
      ? this.readDirectory(url, budget, signal)
      : this.readFile(url, budget, signal);
  }

  private async readFile(
    url: string,
    budget: ReadBudget,
    signal?: AbortSignal,
  ): Promise<ParsedFile[]> {
    const key = `url:${url}`;
    const cached = this.cache.peek(key);
    let response: UrlReaderServiceReadUrlResponse;
    let text: string;
    try {
      response = await this.urlReader.readUrl(url, {
        etag: cached?.version,
        signal,
      });
      text = await bodyOf(response, this.maxBytes);
    } catch (e) {
      if (cached && isError(e) && e.name === 'NotModifiedError') {
        budget.take(0);
        return cached.parsed;
      }
      throw this.failure(url, e);
    }
    budget.take(Buffer.byteLength(text));
    const parsed = [parseKymarosFile(text, url, this.checkTypes())];
    this.cache.set(key, response.etag, parsed);
    return parsed;
  }

  private async readDirectory(
    url: string,
    budget: ReadBudget,
    signal?: AbortSignal,
  ): Promise<ParsedFile[]> {
    const key = `tree:${url}`;
    const cached = this.cache.peek(key);
    // Only the directory's own YAML files, as a local directory is read; one
    // too large, or past the entity's file budget, is noted and never fetched.
    const tooBig = new Set<string>();
    let accepted = 0;
    let overflow = false;
    const wanted = (path: string, size?: number): boolean => {
      if (path.includes('/') || !yamlName.test(path)) return false;
      if (size !== undefined && size > this.maxBytes) {
        tooBig.add(path);
        return false;
      }
      if (++accepted > budget.filesLeft) {
        overflow = true;
        return false;
      }
      return true;
    };
    let files: { path: string; content(): Promise<Buffer> }[];
    let etag: string;
    try {
      const tree = await this.urlReader.readTree(url, {
        etag: cached?.version,
        signal,
        filter: (path, info) => wanted(path, info?.size),
      });
      files = (await tree.files()).sort((a, b) => byCodeUnits(a.path, b.path));
      etag = tree.etag;
    } catch (e) {
      if (cached && isError(e) && e.name === 'NotModifiedError') {
        budget.take(0, cached.parsed.length);
        return cached.parsed;
      }
      throw this.failure(url, e);
    }
    // Counted against the budget, the files past it name the limit.
    if (overflow) budget.take(0, accepted);
    const [big] = [...tooBig].sort(byCodeUnits);
    if (big)
      throw new UnreadableDefinitionError(
        `${big}: larger than ${formatBytes(this.maxBytes)}`,
      );
    if (files.length === 0)
      throw new UnreadableDefinitionError(
        'the directory holds no .yaml or .yml file',
      );
    const parsed: ParsedFile[] = [];
    for (const file of files) {
      const body = await file.content();
      if (body.length > this.maxBytes)
        throw new UnreadableDefinitionError(
          `${file.path}: larger than ${formatBytes(this.maxBytes)}`,
        );
      budget.take(body.length);
      parsed.push(
        parseKymarosFile(
          body.toString('utf8'),
          `${url}${file.path}`,
          this.checkTypes(),
        ),
      );
    }
    this.cache.set(key, etag, parsed);
    return parsed;
  }

  /** A read failure as an error safe to show; an unknown one is logged and said plainly. */
  private failure(url: string, e: unknown): Error {
    if (e instanceof UnreadableDefinitionError) return e;
    const known = knownUrlReadError(e);
    if (known) return known;
    this.onError(url, e);
    return new UnreadableDefinitionError('the request failed');
  }
}
