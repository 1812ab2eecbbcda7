import { RUN_LEASE_MS } from './backendConfig.mjs';
import { seconds, sleep, waitUntil } from './wait.mjs';

/** How long after a dead run's lease expires the cluster must be clean, the report written and the test runnable. */
export const RECOVERY_BOUND_MS = 120_000;
/** Lease renewals and clocks are not exact to the millisecond. */
const LEASE_SLACK_MS = 1000;
/** A run of the suite's scenario takes about 15s; its report may land after the bound its start met. */
const RUN_DURATION_ALLOWANCE_MS = 60_000;

const RUN_LABEL = 'kymaros.io/run';

/**
 * After a kill: checks every interrupted run (`victims`) is cleaned up and reported within the
 * bound, and that `rerunTestId` runs again on Run now, sent as soon as its interrupted run is
 * reported (the cleanup goes on in parallel). `api()` resolves to the API of the backend that
 * must recover (the restarted one, or the surviving replica). Collects every failure instead of
 * stopping at the first, and returns the measured figures.
 */
export async function verifyRecovery({
  victims,
  killedAt,
  api,
  sim,
  rerunTestId,
}) {
  const failures = [];
  const fail = message => failures.push(message);
  const checks = victims.map(victim =>
    checkVictim({ victim, killedAt, api, sim, fail }),
  );
  const rerunCheck = checks.find(c => c.victim.testId === rerunTestId);
  const rerun = rerunCheck.report.then(() =>
    verifyRerun({
      testId: rerunTestId,
      deadline: rerunCheck.leaseExpiry + RECOVERY_BOUND_MS,
      api,
      fail,
    }),
  );
  const results = await Promise.all(
    checks.map(async c => ({
      ...c,
      cleanAt: await c.clean,
      report: await c.report,
      rerun: c === rerunCheck ? await rerun : undefined,
    })),
  );
  const figures = results.map(r => ({
    test: r.victim.testId,
    step: r.victim.step,
    killToLease: r.leaseExpiry - killedAt,
    heldNothing:
      r.victim.sandboxes.length === 0 && r.victim.restores.length === 0,
    leaseToClean:
      r.cleanAt === undefined ? undefined : r.cleanAt - r.leaseExpiry,
    leaseToReport: r.report
      ? Date.parse(r.report.metadata.creationTimestamp) - r.leaseExpiry
      : undefined,
    leaseToNextRun:
      r.rerun?.startedAt === undefined
        ? undefined
        : r.rerun.startedAt - r.leaseExpiry,
    nextRun: r.rerun?.result,
  }));
  return { failures, figures, rerunOk: (await rerun).ok };
}

/** Starts the checks of one interrupted run: its lease, the cluster cleanup, its error report. */
function checkVictim({ victim, killedAt, api, sim, fail }) {
  const name = `${victim.testId} (killed in "${victim.step}")`;
  if (!victim.runId || !victim.leaseUntil) {
    fail(
      `${name}: held no run lease when the backend was killed (run_id ${
        victim.runId ?? 'none'
      }, lease_until ${victim.leaseUntil?.toISOString() ?? 'none'})`,
    );
  } else if (
    victim.leaseUntil.getTime() - killedAt >
    RUN_LEASE_MS + LEASE_SLACK_MS
  ) {
    fail(
      `${name}: its lease ran until ${seconds(
        victim.leaseUntil.getTime() - killedAt,
      )} after the kill, longer than kymaros.runLease (${seconds(
        RUN_LEASE_MS,
      )})`,
    );
  }
  const leaseExpiry = victim.leaseUntil?.getTime() ?? killedAt + RUN_LEASE_MS;
  const deadline = leaseExpiry + RECOVERY_BOUND_MS;
  const clean = waitForClean({ victim, sim, deadline }).catch(
    e => void fail(`${name}: ${e.message}`),
  );
  const report = waitForErrorReport({ victim, killedAt, api, deadline }).then(
    found => {
      checkErrorReport({ report: found, victim, name, fail });
      return found;
    },
    e => void fail(`${name}: ${e.message}`),
  );
  return { victim, leaseExpiry, clean, report };
}

async function waitForClean({ victim, sim, deadline }) {
  if (!victim.runId) return undefined;
  let left;
  await waitUntil(
    `the cluster to hold none of run ${victim.runId}'s sandboxes and Restore`,
    async () => {
      left = await sim.runObjects(victim.runId, victim.sandboxes);
      return left.sandboxes.length === 0 && left.restores.length === 0;
    },
    { deadline, intervalMs: 250 },
  ).catch(e => {
    throw new Error(
      `${e.message}; still there: ${[
        ...(left?.sandboxes ?? []),
        ...(left?.restores ?? []),
      ].join(', ')}`,
    );
  });
  return Date.now();
}

function waitForErrorReport({ victim, killedAt, api, deadline }) {
  return waitUntil(
    `an error report of run ${victim.runId ?? '(no run id)'}`,
    async () => {
      const reports = await (await api()).reports(victim.testId);
      return reports.find(r =>
        victim.runId
          ? r.metadata.labels?.[RUN_LABEL] === victim.runId
          : r.status.result === 'error' &&
            Date.parse(r.metadata.creationTimestamp) >= killedAt,
      );
    },
    { deadline, intervalMs: 250 },
  );
}

function checkErrorReport({ report, victim, name, fail }) {
  const { status } = report;
  if (status.result !== 'error')
    fail(
      `${name}: report ${report.metadata.name} has result "${status.result}", expected "error"`,
    );
  if (
    victim.triggeredBy
      ? status.triggeredBy !== victim.triggeredBy
      : !status.triggeredBy
  ) {
    fail(
      `${name}: report ${report.metadata.name} has triggeredBy ${JSON.stringify(
        status.triggeredBy,
      )}, expected ${
        victim.triggeredBy
          ? JSON.stringify(victim.triggeredBy)
          : 'who started the run'
      }`,
    );
  }
  const named = (status.sandboxes ?? []).map(s => s.sandbox).sort();
  const held = [...victim.sandboxes].sort();
  if (held.length && !status.sandboxes)
    fail(
      `${name}: report ${
        report.metadata.name
      } names no sandboxes; the run held ${held.join(', ')}`,
    );
  else if (named.join(',') !== held.join(',')) {
    fail(
      `${name}: report ${report.metadata.name} names sandboxes [${named.join(
        ', ',
      )}], the run held [${held.join(', ')}]`,
    );
  }
}

async function verifyRerun({ testId, deadline, api, fail }) {
  const client = await api();
  const before = new Set(
    (await client.reports(testId)).map(r => r.metadata.name),
  );
  const { accepted, refused } = await runNowWithinBound({
    client,
    testId,
    deadline,
    fail,
  });
  if (!accepted) return { ok: false };
  const unrequested = new Set();
  let report;
  try {
    report = await waitUntil(
      `a report of the run requested by ${client.userEntityRef} with Run now`,
      async () => {
        const fresh = (await client.reports(testId)).filter(
          r => !before.has(r.metadata.name),
        );
        for (const r of fresh.filter(
          x =>
            x.status.triggeredBy !== client.userEntityRef &&
            !unrequested.has(x.metadata.name),
        )) {
          unrequested.add(r.metadata.name);
          fail(
            `${testId}: a run nobody requested ran after the crash (report ${
              r.metadata.name
            }, triggered by ${JSON.stringify(r.status.triggeredBy)}, ${
              r.status.result
            })`,
          );
        }
        return fresh.find(r => r.status.triggeredBy === client.userEntityRef);
      },
      {
        deadline: Math.max(deadline, Date.now()) + RUN_DURATION_ALLOWANCE_MS,
        intervalMs: 500,
      },
    );
  } catch (e) {
    fail(`${testId}: ${e.message}`);
    return { ok: false };
  }
  const startedAt = Date.parse(report.status.startedAt);
  if (startedAt > deadline)
    fail(
      `${testId}: the run after Run now started ${seconds(
        startedAt - deadline,
      )} after the bound`,
    );
  if (report.status.result !== 'pass') {
    fail(
      `${testId}: the run after Run now ended "${report.status.result}" (${
        report.status.detail ?? 'no detail'
      }), expected a clean pass`,
    );
  }
  return {
    ok: !refused && report.status.result === 'pass',
    startedAt,
    result: `${report.status.result} ${report.status.score}`,
  };
}

/**
 * Run now, sent once the interrupted run is reported, must be accepted (202). A refusal (409) is a
 * failure, but the request is repeated until the bound so the figures still show when the test
 * became runnable.
 */
async function runNowWithinBound({ client, testId, deadline, fail }) {
  const firstTry = Date.now();
  let refusals = 0;
  let firstRefusal;
  for (;;) {
    try {
      const status = await client.runNow(testId);
      if (status !== 202)
        fail(`${testId}: Run now answered ${status}, expected 202`);
      break;
    } catch (e) {
      if (e.status !== 409 || Date.now() >= deadline) {
        fail(
          `${testId}: Run now was refused${
            refusals ? ` (also ${refusals} times before)` : ''
          }: ${e.message}`,
        );
        return { accepted: false, refused: true };
      }
      refusals++;
      firstRefusal ??= e.message;
      await sleep(1000);
    }
  }
  if (refusals) {
    fail(
      `${testId}: Run now was refused ${refusals} times over ${seconds(
        Date.now() - firstTry,
      )} after the interrupted run was reported, first with: ${firstRefusal}`,
    );
  }
  return { accepted: true, refused: refusals > 0 };
}
