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

  async read(url: string, signal?: AbortSignal): Promise<ParsedFile> {
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
      if (cached && isError(e) && e.name === 'NotModifiedError')
        return cached.parsed;
      if (e instanceof UnreadableDefinitionError) throw e;
      const known = knownUrlReadError(e);
      if (known) throw known;
      this.onError(url, e);
      throw new UnreadableDefinitionError('the request failed');
    }
    const parsed = parseKymarosFile(text, url, this.checkTypes());
    this.cache.set(key, response.etag, parsed);
    return parsed;
  }
}
