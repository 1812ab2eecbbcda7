import type { Stats } from 'node:fs';
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import {
  UnreadableDefinitionError,
  fileSystemError,
  formatBytes,
} from './definitionErrors';

const CHUNK_BYTES = 64 * 1024;
// Without O_NONBLOCK, opening a FIFO waits for a writer inside a libuv worker
// thread, forever; O_NOFOLLOW keeps a link swapped in after the check out.
const OPEN_FLAGS =
  constants.O_RDONLY |
  (constants.O_NONBLOCK ?? 0) |
  (constants.O_NOFOLLOW ?? 0);

function checkRegular(stats: Stats, maxBytes: number): Stats {
  if (!stats.isFile())
    throw new UnreadableDefinitionError('not a regular file');
  if (stats.size > maxBytes)
    throw new UnreadableDefinitionError(`larger than ${formatBytes(maxBytes)}`);
  return stats;
}

/** The file's stats, if it is a regular file of at most `maxBytes`; checked without opening it. */
export async function statRegularFile(
  file: string,
  maxBytes: number,
): Promise<Stats> {
  const stats = await lstat(file).catch(e => {
    throw fileSystemError(e);
  });
  return checkRegular(stats, maxBytes);
}

/** What identifies one version of a file: a changed file changes its mtime or size, a replaced one its inode. */
export function fileVersion(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

/**
 * Reads a file `statRegularFile` accepted, as UTF-8. The opened descriptor is
 * checked again (a FIFO or device put in its place is refused before any
 * read) and at most `maxBytes + 1` bytes are ever read.
 */
export async function readRegularFile(
  file: string,
  expected: Stats,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<string> {
  const handle = await open(file, OPEN_FLAGS).catch(e => {
    throw fileSystemError(e);
  });
  try {
    const stats = checkRegular(await handle.stat(), maxBytes);
    if (stats.ino !== expected.ino || stats.dev !== expected.dev)
      throw new UnreadableDefinitionError('changed while being read');
    const chunks: Buffer[] = [];
    let total = 0;
    // Bounded by the limit, not by the size seen above: the file may grow meanwhile.
    while (total <= maxBytes) {
      signal?.throwIfAborted();
      const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    if (total > maxBytes)
      throw new UnreadableDefinitionError(
        `larger than ${formatBytes(maxBytes)}`,
      );
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (e) {
    if (e instanceof UnreadableDefinitionError) throw e;
    if (signal?.aborted) throw e;
    throw fileSystemError(e);
  } finally {
    await handle.close();
  }
}
