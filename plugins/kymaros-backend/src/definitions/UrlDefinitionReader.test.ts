import { Readable } from 'node:stream';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotModifiedError } from '@backstage/errors';
import { builtInCheckTypes } from '../checks/builtInCheckTypes';
import { DefinitionCache } from './DefinitionCache';
import { ReadBudget } from './readBudget';
import { UrlDefinitionReader } from './UrlDefinitionReader';

const budget = () => new ReadBudget(32, 1024 * 1024);

const url = 'https://git.example.com/kymaros.yaml';
const text = `apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: orders }
spec: {}
`;

function reader(readUrl: jest.Mock, onError = jest.fn()) {
  return new UrlDefinitionReader(
    { readUrl } as unknown as UrlReaderService,
    new DefinitionCache(),
    1024,
    onError,
    builtInCheckTypes,
  );
}

describe('UrlDefinitionReader', () => {
  it('stops reading a stream past the limit', async () => {
    let pulled = 0;
    const endless = Readable.from(
      (function* chunks() {
        for (;;) {
          pulled++;
          yield Buffer.alloc(512, 'x');
        }
      })(),
    );
    const readUrl = jest.fn(async () => ({
      stream: () => endless,
      buffer: async () => {
        throw new Error('the whole body must not be buffered');
      },
    }));
    await expect(reader(readUrl).read(url, budget())).rejects.toThrow(
      'larger than 1 KiB',
    );
    expect(pulled).toBeLessThan(10);
    expect(endless.destroyed).toBe(true);
  });

  it('keeps nothing when the reader gives no ETag', async () => {
    const readUrl = jest.fn(async () => ({
      buffer: async () => Buffer.from(text),
    }));
    const r = reader(readUrl);
    await r.read(url, budget());
    await r.read(url, budget());
    expect(readUrl.mock.calls.map(c => (c as any[])[1].etag)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('does not take "not modified" for an answer when nothing was kept', async () => {
    const readUrl = jest.fn(async () => {
      throw new NotModifiedError();
    });
    const onError = jest.fn();
    await expect(reader(readUrl, onError).read(url, budget())).rejects.toThrow(
      'the request failed',
    );
    expect(onError).toHaveBeenCalled();
  });

  it('explains a host that backend.reading.allow does not list', async () => {
    const readUrl = jest.fn(async () => {
      throw new NotAllowedError(`Reading from '${url}' is not allowed`);
    });
    await expect(reader(readUrl).read(url, budget())).rejects.toThrow(
      'reading this URL is not allowed (see backend.reading.allow and integrations)',
    );
  });

  it('hides what an unknown failure says, and hands it to the log', async () => {
    const readUrl = jest.fn(async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:443 /srv/secret');
    });
    const onError = jest.fn();
    await expect(reader(readUrl, onError).read(url, budget())).rejects.toThrow(
      /^the request failed$/,
    );
    expect(onError).toHaveBeenCalledWith(url, expect.any(Error));
  });
});
