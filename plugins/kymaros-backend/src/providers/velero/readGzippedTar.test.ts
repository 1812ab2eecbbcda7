import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { readGzippedTar } from './readGzippedTar';

/** A tar.gz of these files, built the way Velero's archive writer lays them out. */
async function tarGz(files: Record<string, string | Buffer>): Promise<Buffer> {
  const archive = pack();
  for (const [name, data] of Object.entries(files))
    archive.entry({ name, type: 'file' }, data);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

/** The archive as a response body arrives: in chunks of 16 KiB. */
function inChunks(archive: Buffer): Readable {
  const chunks: Buffer[] = [];
  for (let at = 0; at < archive.length; at += 16384)
    chunks.push(archive.subarray(at, at + 16384));
  return Readable.from(chunks);
}

const roomy = { compressedBytes: 1e9, unzippedBytes: 1e9 };

async function read(
  archive: Buffer,
  limits = roomy,
  wanted = (path: string) => path.endsWith('.json'),
  signal?: AbortSignal,
) {
  const files: Record<string, string> = {};
  const source = inChunks(archive);
  const result = await readGzippedTar(
    source,
    limits,
    { wanted, file: (path, data) => (files[path] = data.toString('utf8')) },
    signal,
  );
  return { files, ...result, source };
}

describe('readGzippedTar', () => {
  it('hands over the wanted files whole and skips the others unread', async () => {
    const { files, truncated, source } = await read(
      await tarGz({
        'metadata/version': '1.1.0\n',
        'resources/a.json': '{"a":1}',
        './resources/b.json': 'x'.repeat(100_000),
        'resources/c.txt': 'c',
      }),
    );
    expect(files).toEqual({
      'resources/a.json': '{"a":1}',
      'resources/b.json': 'x'.repeat(100_000),
    });
    expect(truncated).toBe(false);
    expect(source.destroyed).toBe(true);
  });

  it('stops at the unzipped bound, keeping the files read before it whole', async () => {
    const { files, truncated } = await read(
      await tarGz({
        'a.json': 'a'.repeat(4000),
        'b.json': 'b'.repeat(400_000),
        'c.json': 'c',
      }),
      { compressedBytes: 1e9, unzippedBytes: 100_000 },
    );
    expect(truncated).toBe(true);
    expect(files).toEqual({ 'a.json': 'a'.repeat(4000) });
  });

  it('stops at the stored bound', async () => {
    // Random bytes do not compress: the archive is larger than the bound as stored.
    const noise = (n: number) =>
      Buffer.from(Array.from({ length: n }, () => Math.random() * 256));
    const { files, truncated } = await read(
      await tarGz({ 'a.json': 'a', 'b.json': noise(300_000), 'c.json': 'c' }),
      { compressedBytes: 100_000, unzippedBytes: 1e9 },
    );
    expect(truncated).toBe(true);
    expect(Object.keys(files)).toEqual(['a.json']);
  });

  it('rejects when aborted, and on a broken archive', async () => {
    const archive = await tarGz({ 'a.json': 'a' });
    const aborted = AbortSignal.abort();
    await expect(read(archive, roomy, undefined, aborted)).rejects.toThrow(
      /abort/i,
    );
    await expect(
      read(archive.subarray(0, archive.length - 30)),
    ).rejects.toThrow(/unexpected end of file/);
    await expect(read(Buffer.from('not gzip'))).rejects.toThrow(
      /incorrect header check/,
    );
  });

  it('passes on an error of the visitor and closes the source', async () => {
    const source = Readable.from([
      await tarGz({ 'a.json': 'a', 'b.json': 'b' }),
    ]);
    await expect(
      readGzippedTar(source, roomy, {
        wanted: () => true,
        file: () => {
          throw new Error('a.json is not JSON');
        },
      }),
    ).rejects.toThrow('a.json is not JSON');
    expect(source.destroyed).toBe(true);
  });
});
