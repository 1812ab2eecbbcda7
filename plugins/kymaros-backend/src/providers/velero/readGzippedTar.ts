import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract, type Extract } from 'tar-stream';

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

/** Set when a bound cut the archive (the pipeline then fails with another error). */
interface Cut {
  reached: boolean;
}

function boundReached(cut: Cut): Error {
  cut.reached = true;
  return new Error('the read bound was reached');
}

/** Passes bytes through until more than `max` went by, then stops the pipeline. */
function storedBound(max: number, cut: Cut): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(boundReached(cut));
      else done(null, chunk);
    },
  });
}

/** Resolves once the archive reader takes more bytes, or is gone. */
function ready(entries: Extract): Promise<void> {
  return new Promise(resolve => {
    const go = () => {
      entries.off('drain', go);
      entries.off('close', go);
      resolve();
    };
    entries.on('drain', go);
    entries.on('close', go);
  });
}

/**
 * Writes the unzipped bytes into the archive reader, exactly up to the
 * unzipped bound; then stops the pipeline.
 */
function feed(entries: Extract, max: number, cut: Cut) {
  return async (unzipped: AsyncIterable<Buffer>) => {
    let seen = 0;
    for await (const chunk of unzipped) {
      const part = chunk.subarray(0, Math.max(0, max - seen));
      seen += part.length;
      if (part.length && !entries.write(part)) await ready(entries);
      if (part.length < chunk.length) throw boundReached(cut);
    }
  };
}

/**
 * Reads a gzipped tar archive as it arrives, handing each wanted regular
 * file whole to the visitor; other entries are skipped unread. At either
 * bound the archive is cut there: the files whole before the cut are handed
 * over, the one it cuts is dropped, and the result says `truncated`. An
 * abort of `signal` rejects; `source` is always closed.
 */
export async function readGzippedTar(
  source: Readable,
  limits: TarReadLimits,
  visitor: TarFileVisitor,
  signal?: AbortSignal,
): Promise<{ truncated: boolean }> {
  const entries = extract();
  const cut: Cut = { reached: false };
  pipeline(
    source,
    storedBound(limits.compressedBytes, cut),
    createGunzip(),
    feed(entries, limits.unzippedBytes, cut),
    { signal },
  ).then(
    // No last chunk: streamx's end() takes one.
    () => entries.end(undefined),
    error => (cut.reached ? entries.end(undefined) : entries.destroy(error)),
  );
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
    return { truncated: cut.reached };
  } catch (e) {
    // The archive ends inside the file the cut went through.
    if (cut.reached) return { truncated: true };
    throw e;
  } finally {
    source.destroy();
  }
}
