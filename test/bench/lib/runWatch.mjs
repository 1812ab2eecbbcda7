import { createRequire } from 'node:module';
import { sleep } from '../../crash/lib/wait.mjs';

const require = createRequire(import.meta.url);
const RUN_LABEL = 'kymaros.io/run';

/**
 * Polls the engine's run rows (restore_tests) on PostgreSQL: the API shows neither a run's id nor
 * the replica holding it, and the owner column is cleared when the run ends. Per run id: its test,
 * its owner (`<host>-<pid>`), the last run_started_at seen (a queued run's is reset when it gets its
 * cluster slot) and when it was last seen running.
 */
export function watchRuns({ server, database, intervalMs = 100 }) {
  const { Client } = require('pg');
  const client = new Client({ ...server, database });
  const runs = new Map();
  let stopped = false;
  const poll = async () => {
    const { rows } = await client.query(
      `SELECT id, run_id, run_owner, run_started_at FROM restore_tests
       WHERE phase = 'Running' AND run_owner IS NOT NULL`,
    );
    const now = Date.now();
    for (const row of rows) {
      const run = runs.get(row.run_id) ?? { testId: row.id };
      run.owner = row.run_owner;
      run.startedAt = new Date(row.run_started_at).getTime();
      run.lastSeen = now;
      runs.set(row.run_id, run);
    }
  };
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      await poll();
      await sleep(intervalMs);
    }
    await client.end();
  })();
  return {
    runs,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** When a run began, from its report alone: its completion minus the phases it spent. */
const reportStart = report => {
  const phases = report.status.rto?.phases ?? [];
  const spent = phases.reduce((t, p) => t + p.seconds, 0) * 1000;
  return Math.min(
    Date.parse(report.status.startedAt),
    Date.parse(report.status.completedAt) - spent,
  );
};

/**
 * One interval per run, from its (execution) start to its report being saved; runs the watch saw
 * that wrote no report end when last seen. Intervals of one test that overlap are runs of the same
 * test at the same time, the failure this counts.
 */
export function analyzeRuns(reportsByTest, watched) {
  const byTest = new Map();
  const add = (testId, run) =>
    byTest.set(testId, [...(byTest.get(testId) ?? []), run]);
  const reported = new Set();
  for (const [testId, reports] of reportsByTest)
    for (const report of reports) {
      const runId = report.metadata.labels?.[RUN_LABEL];
      const seen = watched.get(runId);
      reported.add(runId);
      add(testId, {
        runId,
        owner: seen?.owner,
        start: seen?.startedAt ?? reportStart(report),
        end: Date.parse(report.metadata.creationTimestamp),
      });
    }
  for (const [runId, run] of watched)
    if (!reported.has(runId))
      add(run.testId, {
        runId,
        owner: run.owner,
        start: run.startedAt,
        end: run.lastSeen,
      });
  const all = [...byTest.values()];
  return {
    runs: all.flat(),
    testsRunMoreThanOnce: all.filter(runs => runs.length > 1).length,
    overlaps: all.reduce((n, runs) => n + overlapsOf(runs), 0),
    unreported: [...watched.keys()].filter(id => !reported.has(id)).length,
  };
}

/** Runs that start before an earlier-started run of the same test has ended. */
function overlapsOf(runs) {
  const sorted = [...runs].sort((a, b) => a.start - b.start);
  let end = -Infinity;
  let overlaps = 0;
  for (const run of sorted) {
    if (run.start < end) overlaps++;
    end = Math.max(end, run.end);
  }
  return overlaps;
}
