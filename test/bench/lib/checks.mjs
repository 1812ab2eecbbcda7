const mib = v => (v / 2 ** 20).toFixed(0);

/** The quick mode's assertions: ratios and generous bounds, so a slow CI machine still passes. */
export function quickChecks(r) {
  const health = r.api['/health'].p95;
  const tests = r.api['/tests?entityRef'].p95;
  const heapBound = (512 + 5 * r.services) * 2 ** 20;
  return [
    {
      what: `all ${r.services} first runs reported`,
      ok: r.reported === r.services,
    },
    {
      what: `p95 of /tests?entityRef (${tests.toFixed(
        1,
      )} ms) ≤ max(25 × /health p95, 50 ms)`,
      ok: tests <= Math.max(25 * health, 50),
    },
    {
      // No no-services baseline run: the backend's fixed heap (~300 MiB in dev) is allowed for.
      what: `idle heap (${mib(
        r.idle.heapUsed,
      )} MiB) ≤ 512 MiB + 5 MiB per test (${mib(heapBound)} MiB)`,
      ok: !(r.idle.heapUsed > heapBound),
    },
    {
      what: `idle CPU (${r.idle.cpuMsPerSecond.toFixed(
        0,
      )} ms/s) ≤ 50% of a core`,
      ok: r.idle.cpuMsPerSecond <= 500,
    },
    {
      what: 'no API errors under load',
      ok: Object.values(r.api).every(s => s.errors === 0),
    },
  ];
}
