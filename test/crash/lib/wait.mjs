/** Thrown by a probe to stop waiting at once: what it waits for can no longer happen. */
export class GiveUp extends Error {}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a truthy value (returned) or `deadline` (epoch ms) passes
 * (throws, naming `what` and the last error the probe threw).
 */
export async function waitUntil(what, probe, { deadline, intervalMs = 250 }) {
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (e) {
      if (e instanceof GiveUp) throw e;
      lastError = e;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out waiting for ${what}${
          lastError ? ` (last error: ${lastError.message})` : ''
        }`,
      );
    }
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
  }
}

/** Seconds with one decimal, signed, for the figures table. */
export function seconds(ms) {
  return ms === undefined || Number.isNaN(ms)
    ? '—'
    : `${(ms / 1000).toFixed(1)}s`;
}
