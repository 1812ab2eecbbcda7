import { captureRun, waitForQueued, waitForStep } from './observe.mjs';
import { verifyRecovery } from './recovery.mjs';
import { sleep } from './wait.mjs';

/** A run reaches any step within this long of being requested (a run of the scenario takes ~15s). */
const REACH_STEP_MS = 90_000;
/** How long a phase waits for its test to accept Run now (see startRun). */
const START_RETRY_MS = 90_000;

/**
 * One crash phase: make the run stop long enough in the phase's step (fault), start it (Run now,
 * or the first runs already under way for `queued`), wait until it is there and holds what the
 * step creates, kill the backend running it, and check the recovery.
 *
 * `backend` is the backend the run is started and watched through; `kill(victims)` SIGKILLs the
 * one running the victims' runs and returns `dead` (resolves once its processes are gone) and
 * `recovered` (resolves to `{ api, restartMs }` of the backend that must recover: a restarted
 * one, or a surviving replica).
 */
export async function crashPhase({
  phase,
  sim,
  table,
  backend,
  kill,
  testIds,
}) {
  let victims;
  try {
    if (phase.fault) await sim.addFault(phase.fault);
    victims =
      phase.name === 'queued'
        ? await queuedVictims({ backend, table, sim, testIds })
        : await requestedVictim({
            phase,
            backend,
            table,
            sim,
            testId: testIds[0],
          });
  } catch (e) {
    await sim.clearFaults();
    throw e;
  }
  const killedAt = Date.now();
  const { dead, recovered } = kill(victims);
  await dead;
  // Let the reaper's requests through; the dead backend's held request still ends in its error.
  await sim.clearFaults();
  // The last renewal before the kill is the lease the reaper waits out.
  for (const v of victims)
    v.leaseUntil = (await table.read(v.testId))?.leaseUntil;
  const { api, restartMs } = await recovered;
  const result = await verifyRecovery({
    victims,
    killedAt,
    api: () => api,
    sim,
    rerunTestId: victims[0].testId,
  });
  return { ...result, figures: result.figures.map(f => ({ ...f, restartMs })) };
}

async function requestedVictim({ phase, backend, table, sim, testId }) {
  await startRun(backend.api, testId);
  const deadline = Date.now() + REACH_STEP_MS;
  await waitForStep({ api: backend.api, testId, step: phase.step, deadline });
  const run = await captureRun({
    api: backend.api,
    table,
    sim,
    testId,
    step: phase.step,
    holds: phase.holds,
    triggeredBy: backend.api.userEntityRef,
    deadline,
  });
  return [run];
}

/**
 * Run now from an idle test. A refusal left over from the previous phase (its lost scheduler
 * ticket, a run it started unasked) was already counted there, so here it is waited out; a
 * request already pending starts the run just as well.
 */
async function startRun(api, testId) {
  const deadline = Date.now() + START_RETRY_MS;
  for (;;) {
    try {
      const status = await api.runNow(testId);
      if (status !== 202)
        throw new Error(
          `Run now of ${testId} answered ${status}, expected 202`,
        );
      return;
    } catch (e) {
      if (e.status === 409 && /already requested/.test(e.message)) return;
      if (e.status !== 409 || Date.now() >= deadline) throw e;
      process.stdout.write(
        `  Run now of ${testId} refused, retrying: ${e.message}\n`,
      );
      await sleep(2000);
    }
  }
}

/** Both tests' first runs start together; with one slot per cluster, one holds it and the other waits. */
async function queuedVictims({ backend, table, sim, testIds }) {
  const deadline = Date.now() + REACH_STEP_MS;
  const { queued, holder } = await waitForQueued({
    api: backend.api,
    testIds,
    deadline,
  });
  const step = /^waiting for a free slot/;
  const victim = await captureRun({
    api: backend.api,
    table,
    sim,
    testId: queued,
    step,
    holds: {},
    deadline,
  });
  // The holder is captured while its restore runs (4 s in the scenario): caught in an earlier
  // step it would go on creating its sandbox between the capture and the kill.
  const restoring = /^restore: InProgress/;
  await waitForStep({
    api: backend.api,
    testId: holder,
    step: restoring,
    deadline,
  });
  const holding = await captureRun({
    api: backend.api,
    table,
    sim,
    testId: holder,
    step: restoring,
    holds: { sandboxes: true, restore: true },
    deadline,
  });
  return [victim, holding];
}
