/**
 * How long a waiting check may wait before it must answer. It stops a little
 * before the runner's hard timeout so that it can still say *why* it gave up
 * (which pod, which state) instead of a bare "timed out".
 */
export function waitBudgetMs(timeoutMs: number): number {
  const margin = Math.min(1000, Math.max(100, timeoutMs * 0.1));
  return Math.max(0, timeoutMs - margin);
}
