// Crash suite: SIGKILLs the Kymaros backend in every step of a restore run and checks that the
// cluster is cleaned, the interrupted run reported and the test runnable again within a bound.
// Run from anywhere: node test/crash/run.mjs   (README.md beside this file has the details)
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { installCleanupHandlers, onCleanup } from './lib/cleanup.mjs';
import { crashPhase } from './lib/crashPhase.mjs';
import { formatFigures, summarize } from './lib/figures.mjs';
import { PHASES, selectedPhases } from './lib/phases.mjs';
import { startSimulator } from './lib/simulator.mjs';
import { startPostgresStack, startSqliteStack } from './lib/stacks.mjs';
import { waitUntil } from './lib/wait.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const TEST_A = 'component:default/crash-a:crash-a';
const TEST_B = 'component:default/crash-b:crash-b';
const ENTITY_A = path.join(here, 'crash-a.yaml');
const ENTITY_B = path.join(here, 'crash-b.yaml');
const SUITE_TIMEOUT_MS = 9.5 * 60_000;

installCleanupHandlers();
const dir = mkdtempSync(path.join(os.tmpdir(), 'kymaros-crash-'));
onCleanup(() =>
  process.env.CRASH_KEEP_TMP
    ? process.stdout.write(`kept ${dir}\n`)
    : rmSync(dir, { recursive: true, force: true }),
);
const phases = selectedPhases();
const figures = [];
const started = Date.now();
const log = message =>
  process.stdout.write(
    `[crash ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`,
  );

/** Tests exist once the catalog has the entities and the engine has read them. */
async function waitForTests(api, ids, { idle }) {
  return waitUntil(
    `the restore tests ${ids.join(', ')}${
      idle ? ' to finish their first runs' : ''
    }`,
    async () => {
      const tests = (await api.tests()).filter(t => ids.includes(t.id));
      if (tests.length !== ids.length) return false;
      return (
        !idle ||
        tests.every(
          t => t.status.phase !== 'Running' && t.status.lastReportName,
        )
      );
    },
    { deadline: Date.now() + 120_000, intervalMs: 500 },
  );
}

async function assertClusterClean(sim, when) {
  const left = await sim.managedObjects();
  assert.deepEqual(
    left,
    { sandboxes: [], restores: [] },
    `managed objects left in the cluster ${when}`,
  );
}

describe(
  'Kymaros backend crash recovery',
  { timeout: SUITE_TIMEOUT_MS },
  () => {
    let sim;
    before(async () => {
      sim = await startSimulator({
        root,
        dir,
        scenario: path.join(here, 'scenario.yaml'),
      });
      log(`simulator up (${sim.kubeconfigPath})`);
    });
    after(async () => {
      await sim?.stop();
      if (figures.length)
        process.stdout.write(
          `\nMeasured (bound: 120s after the lease expires)\n${formatFigures(
            figures,
          )}\n\n`,
        );
    });

    describe('SQLite: one backend, SIGKILLed and restarted in each step', () => {
      let stack;
      let blockedBy;
      before(async () => {
        stack = await startSqliteStack({
          root,
          dir,
          sim,
          entityFiles: [ENTITY_A, ENTITY_B],
        });
        log(
          `backend up on ${stack.backend.baseUrl} in ${(
            stack.backend.startMs / 1000
          ).toFixed(1)}s`,
        );
        // The queued phase interrupts the first runs themselves; the others start from idle tests.
        await waitForTests(stack.backend.api, [TEST_A, TEST_B], {
          idle: phases[0] !== PHASES[0],
        });
      });
      after(async () => {
        await stack?.stop();
      });

      let victim = TEST_A;
      for (const phase of phases) {
        it(`killed while ${phase.description}`, async () => {
          assert.equal(
            blockedBy,
            undefined,
            `not run: the test did not run again cleanly after the ${blockedBy} phase`,
          );
          log(`phase ${phase.name}: kill while ${phase.description}`);
          const testIds = phase.name === 'queued' ? [TEST_A, TEST_B] : [victim];
          const result = await crashPhase({
            phase,
            sim,
            table: stack.table,
            backend: stack.backend,
            kill: () => stack.kill(),
            testIds,
          });
          const rows = result.figures.map(f => ({
            section: 'SQLite',
            phase: phase.name,
            ...f,
          }));
          figures.push(...rows);
          rows.forEach(r => log(summarize(r)));
          // The queued phase's victim (whichever test waited) goes on to the next phases.
          victim = result.figures[0].test;
          if (!result.rerunOk) blockedBy = phase.name;
          assert.deepEqual(result.failures, [], 'recovery failures');
        });
      }

      it('leaves no sandbox or Restore behind', async () => {
        assert.equal(
          blockedBy,
          undefined,
          `not run: the test did not run again cleanly after the ${blockedBy} phase`,
        );
        await assertClusterClean(sim, 'after the SQLite phases');
      });
    });

    describe('PostgreSQL: two replicas, the one running the test SIGKILLed mid-restore', () => {
      let stack;
      before(async () => {
        stack = await startPostgresStack({
          root,
          dir,
          sim,
          entityFiles: [ENTITY_A],
        });
        log(
          `replicas up on ${stack.replicas.map(r => r.baseUrl).join(' and ')}`,
        );
        await waitForTests(stack.replicas[0].api, [TEST_A], { idle: true });
      });
      after(async () => {
        await stack?.stop();
      });

      it('the surviving replica cleans up, reports and runs the test again', async () => {
        const phase = PHASES.find(p => p.name === 'restore');
        const result = await crashPhase({
          phase,
          sim,
          table: stack.table,
          backend: stack.replicas[0],
          testIds: [TEST_A],
          kill: ([run]) => {
            const owner = stack.ownerOf(run.owner);
            assert.ok(
              owner,
              `no replica is the run owner "${run.owner}" (pids ${stack.replicas
                .map(r => r.pid)
                .join(', ')})`,
            );
            log(`killing ${owner.name}, which runs ${run.runId}`);
            return stack.kill(owner);
          },
        });
        const rows = result.figures.map(f => ({
          section: 'PostgreSQL',
          phase: 'restore',
          ...f,
        }));
        figures.push(...rows);
        rows.forEach(r => log(summarize(r)));
        assert.deepEqual(result.failures, [], 'recovery failures');
      });

      it('leaves no sandbox or Restore behind', async () => {
        await assertClusterClean(sim, 'after the PostgreSQL phase');
      });
    });
  },
);
