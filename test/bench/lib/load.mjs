/** Percentile of sorted numbers (nearest rank). */
export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/**
 * A bounded load loop on one URL: `workers` requests in flight until `durationMs` passes or
 * `maxRequests` were sent. Returns latency percentiles (ms) and the number of errors.
 */
export async function loadRoute({
  url,
  token,
  workers,
  durationMs,
  maxRequests,
}) {
  const latencies = [];
  let errors = 0;
  let sent = 0;
  const end = Date.now() + durationMs;
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const worker = async () => {
    while (Date.now() < end && sent < maxRequests) {
      sent++;
      const start = process.hrtime.bigint();
      try {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (!res.ok) errors++;
      } catch {
        errors++;
      }
      latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}
