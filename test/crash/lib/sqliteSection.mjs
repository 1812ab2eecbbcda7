import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { crashPhase } from './crashPhase.mjs';
import { PHASES } from './phases.mjs';
import { startSqliteStack } from './stacks.mjs';
import {
  assertClusterClean,
  log,
  record,
  suite,
  waitForTests,
} from './suiteContext.mjs';

/** One backend on SQLite, SIGKILLed in each of `phases` and restarted at once. */
export function sqliteSection({ phases, dir, sim }) {
  describe('SQLite: one backend, SIGKILLed and restarted in each step', () => {
    let stack;
    let blockedBy;
    const notBlocked = () =>
      assert.equal(
        blockedBy,
        undefined,
        `not run: the test did not run again cleanly after the ${blockedBy} phase`,
      );

    before(async () => {
      stack = await startSqliteStack({
        root: suite.root,
        dir,
        sim: sim(),
        entityFiles: [suite.entityA, suite.entityB],
      });
      log(
        `backend up on ${stack.backend.baseUrl} in ${(
          stack.backend.startMs / 1000
        ).toFixed(1)}s`,
      );
      // The queued phase interrupts the first runs themselves; the others start from idle tests.
      await waitForTests(stack.backend.api, [suite.testA, suite.testB], {
        idle: phases[0] !== PHASES[0],
      });
    });
    after(() => stack?.stop());

    let victim = suite.testA;
    for (const phase of phases) {
      it(`killed while ${phase.description}`, async () => {
        notBlocked();
        log(`phase ${phase.name}: kill while ${phase.description}`);
        const result = await crashPhase({
          phase,
          sim: sim(),
          table: stack.table,
          backend: stack.backend,
          kill: () => stack.kill(),
          testIds:
            phase.name === 'queued' ? [suite.testA, suite.testB] : [victim],
        });
        record('SQLite', phase.name, result);
        // The queued phase's victim (whichever test waited) goes on to the next phases.
        victim = result.figures[0].test;
        if (!result.rerunOk) blockedBy = phase.name;
        assert.deepEqual(result.failures, [], 'recovery failures');
      });
    }

    it('leaves no sandbox or Restore behind', async () => {
      notBlocked();
      await assertClusterClean(sim(), 'after the SQLite phases');
    });
  });
}
