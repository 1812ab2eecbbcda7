import { addAbortSignal, pipeline, Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';

/** How much of a tar.gz may be read, as stored and once unzipped. */
export interface TarReadLimits {
  compressedBytes: number;
  unzippedBytes: number;
}

/** Which files to read whole, and what to do with each. */
export interface TarFileVisitor {
  wanted(path: string): boolean;
  file(path: string, data: Buffer): void;
}

class ReadBoundReached extends Error {}

/** Passes bytes through until more than `max` went by, then fails with ReadBoundReached. */
function byteBound(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(new ReadBoundReached());
      else done(null, chunk);
    },
  });
}

/**
 * Reads a gzipped tar archive as it arrives, handing each wanted regular
 * file whole to the visitor; other entries are skipped unread. Reading stops
 * at either bound: the files handed over until then stand, a file cut by
 * the bound is dropped, and the result says `truncated`. An abort of
 * `signal` rejects; `source` is always closed.
 */
export async function readGzippedTar(
  source: Readable,
  limits: TarReadLimits,
  visitor: TarFileVisitor,
  signal?: AbortSignal,
): Promise<{ truncated: boolean }> {
  const entries = extract();
  if (signal) addAbortSignal(signal, source);
  pipeline(
    source,
    byteBound(limits.compressedBytes),
    createGunzip(),
    byteBound(limits.unzippedBytes),
    error => {
      if (error) entries.destroy(error);
    },
  ).pipe(entries);
  try {
    for await (const entry of entries) {
      const path = entry.header.name.replace(/^\.\//, '');
      if (entry.header.type !== 'file' || !visitor.wanted(path)) {
        entry.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      visitor.file(path, Buffer.concat(chunks));
    }
    return { truncated: false };
  } catch (e) {
    if (e instanceof ReadBoundReached) return { truncated: true };
    throw e;
  } finally {
    source.destroy();
  }
}
