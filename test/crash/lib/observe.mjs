import { GiveUp, waitUntil } from './wait.mjs';

const POLL_MS = 150;

/** Waits until the API shows `testId` running in a step matching `step`; returns the test item. */
export function waitForStep({ api, testId, step, deadline, also }) {
  return waitUntil(
    `${testId} to be in a step matching ${step}`,
    async () => {
      const tests = await api.tests();
      const test = tests.find(t => t.id === testId);
      if (
        !test ||
        test.status.phase !== 'Running' ||
        !step.test(test.status.step ?? '')
      )
        return undefined;
      if (also && !also(tests)) return undefined;
      return test;
    },
    { deadline, intervalMs: POLL_MS },
  );
}

/**
 * What a run holds right before the kill: its lease row and its objects in the cluster.
 * Waits (briefly) until it holds what the phase says it must, as long as it stays in the step.
 */
export async function captureRun({
  api,
  table,
  sim,
  testId,
  step,
  holds,
  triggeredBy,
  deadline,
}) {
  return waitUntil(
    `${testId} to hold ${describeHolds(
      holds,
    )} while in a step matching ${step}`,
    async () => {
      const row = await table.read(testId);
      const objects = row?.runId
        ? await sim.runObjects(row.runId)
        : { sandboxes: [], restores: [] };
      const test = (await api.tests()).find(t => t.id === testId);
      if (!test || !step.test(test.status.step ?? '')) {
        throw new GiveUp(
          `${testId} left the step (now "${
            test?.status.step ?? test?.status.phase
          }") before holding ${describeHolds(holds)}`,
        );
      }
      if (holds.sandboxes && objects.sandboxes.length === 0) return undefined;
      if (holds.restore && objects.restores.length === 0) return undefined;
      return {
        testId,
        step: test.status.step,
        triggeredBy,
        ...row,
        ...objects,
      };
    },
    { deadline, intervalMs: POLL_MS },
  );
}

function describeHolds(holds) {
  const parts = [
    holds.sandboxes && 'a sandbox',
    holds.restore && 'a Velero Restore',
  ].filter(Boolean);
  return parts.length ? parts.join(' and ') : 'its run';
}

/** Waits until one of `testIds` waits for a cluster slot while another holds it (runs a real step). */
export function waitForQueued({ api, testIds, deadline }) {
  return waitUntil(
    `one of ${testIds.join(
      ', ',
    )} to wait for a free cluster slot while another runs`,
    async () => {
      const tests = (await api.tests()).filter(
        t => testIds.includes(t.id) && t.status.phase === 'Running',
      );
      const waiting = tests.find(t =>
        /^waiting for a free slot/.test(t.status.step ?? ''),
      );
      const running = tests.find(
        t => t !== waiting && !/^waiting/.test(t.status.step ?? ''),
      );
      return waiting && running && { queued: waiting.id, holder: running.id };
    },
    { deadline, intervalMs: POLL_MS },
  );
}
