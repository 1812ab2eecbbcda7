import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** What to keep of a gzipped download once unzipped. */
export interface GunzipLimit {
  maxBytes: number;
  /**
   * Keep the last `maxBytes` when there is more (a log, whose end is where
   * a failure is); otherwise more is an error.
   */
  tail?: boolean;
}

/**
 * Unzips `source` as it arrives, never holding more than `limit.maxBytes`
 * (and one chunk) of its output, so a huge or hostile file cannot exhaust
 * memory. `tooLarge` names the file in the error when there is more.
 */
export async function gunzipBounded(
  source: Readable,
  limit: GunzipLimit,
  tooLarge: () => string,
  signal?: AbortSignal,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let held = 0;
  let cut = false;
  await pipeline(
    source,
    createGunzip(),
    async (unzipped: AsyncIterable<Buffer>) => {
      for await (const chunk of unzipped) {
        chunks.push(chunk);
        held += chunk.length;
        if (held <= limit.maxBytes) continue;
        if (!limit.tail) throw new Error(tooLarge());
        cut = true;
        while (held - chunks[0].length >= limit.maxBytes)
          held -= chunks.shift()!.length;
      }
    },
    { signal },
  );
  const all = Buffer.concat(chunks);
  return cut ? all.subarray(all.length - limit.maxBytes) : all;
}
