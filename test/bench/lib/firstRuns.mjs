import { waitUntil } from '../../crash/lib/wait.mjs';

/**
 * Every test listed and reported, or undefined once `deadline` passes.
 * `whileInFlight(count)` is called once, when at least 90 % of `inFlight`
 * runs (as many as the cluster's concurrency lets run) are running.
 */
export function waitForFirstRuns({
  api,
  services,
  deadline,
  log,
  inFlight = services,
  whileInFlight,
}) {
  let called = false;
  return waitUntil(
    `all ${services} first runs reported`,
    async () => {
      const items = await api.tests();
      const done = items.filter(t => t.status?.lastReportName);
      if (
        !called &&
        items.length === services &&
        done.length <= services / 10
      ) {
        called = true;
        whileInFlight?.(services - done.length);
      }
      return items.length === services && done.length === items.length && items;
    },
    // Listing every test is itself work for the backend: less often when there are many.
    { deadline, intervalMs: Math.max(500, services) },
  ).catch(e => {
    log(e.message);
    return undefined;
  });
}

/** The reports of each test (newest first), 8 requests in flight. */
export async function reportsOf(api, items) {
  const out = new Map();
  const queue = [...items];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift())
      out.set(t.id, await api.reports(t.id));
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}
