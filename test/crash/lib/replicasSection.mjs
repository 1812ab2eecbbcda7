import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { crashPhase } from './crashPhase.mjs';
import { PHASES } from './phases.mjs';
import { startPostgresStack } from './stacks.mjs';
import {
  assertClusterClean,
  log,
  record,
  suite,
  waitForTests,
} from './suiteContext.mjs';

/** Two replicas on one PostgreSQL; the one running the test is SIGKILLed mid-restore, the other is left alone. */
export function replicasSection({ dir, sim }) {
  describe('PostgreSQL: two replicas, the one running the test SIGKILLed mid-restore', () => {
    let stack;
    before(async () => {
      stack = await startPostgresStack({
        root: suite.root,
        dir,
        sim: sim(),
        entityFiles: [suite.entityA],
      });
      log(`replicas up on ${stack.replicas.map(r => r.baseUrl).join(' and ')}`);
      await waitForTests(stack.replicas[0].api, [suite.testA], { idle: true });
    });
    after(() => stack?.stop());

    it('the surviving replica cleans up, reports and runs the test again', async () => {
      const result = await crashPhase({
        phase: PHASES.find(p => p.name === 'restore'),
        sim: sim(),
        table: stack.table,
        backend: stack.replicas[0],
        testIds: [suite.testA],
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
      record('PostgreSQL', 'restore', result);
      assert.deepEqual(result.failures, [], 'recovery failures');
    });

    it('leaves no sandbox or Restore behind', () =>
      assertClusterClean(sim(), 'after the PostgreSQL phase'));
  });
}
