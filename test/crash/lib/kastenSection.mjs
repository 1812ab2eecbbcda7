import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crashPhase } from './crashPhase.mjs';
import { kastenView } from './kastenSimulator.mjs';
import { startSimulator } from './simulator.mjs';
import { startSqliteStack } from './stacks.mjs';
import {
  assertClusterClean,
  log,
  record,
  suite,
  waitForTests,
} from './suiteContext.mjs';

const TEST_ID = 'component:default/crash-k:crash-k';

/** The backend is killed while K10 restores: the RestoreAction is Running inside the sandbox. */
export const KASTEN_PHASE = {
  name: 'kasten',
  description: 'the Kasten RestoreAction runs in the sandbox',
  step: /^restore: Running/,
  holds: { sandboxes: true, restore: true },
};

/** The catalog entity of the case, written beside the run's other files. */
function writeEntity(dir) {
  const file = path.join(dir, 'crash-k.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: crash-k',
      '  description: Kasten-backed service whose restore test the crash suite interrupts.',
      '  annotations:',
      "    kymaros.io/enabled: 'true'",
      '    kymaros.io/namespaces: crash-k',
      '    kymaros.io/provider: kasten',
      "    kymaros.io/schedule: '0 0 1 1 *'",
      '    kymaros.io/health-check-policy: crash-checks',
      '    kymaros.io/cluster: crash',
      'spec:',
      '  type: service',
      '  lifecycle: experimental',
      '  owner: user:development/guest',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * A simulator and a SQLite backend of its own, with one Kasten-backed test: after the kill and
 * restart, the reaper must remove the RestoreAction and the sandbox exactly as for Velero, the
 * run be reported, and the test pass again.
 */
export function kastenSection({ dir }) {
  describe('Kasten: one backend, SIGKILLed while K10 restores', () => {
    const own = path.join(dir, 'kasten');
    let sim;
    let stack;
    before(async () => {
      mkdirSync(own);
      sim = kastenView(
        await startSimulator({
          root: suite.root,
          dir: own,
          scenario: path.join(suite.here, 'kasten-scenario.yaml'),
        }),
      );
      stack = await startSqliteStack({
        root: suite.root,
        dir: own,
        sim,
        entityFiles: [writeEntity(own)],
      });
      log(`Kasten backend up on ${stack.backend.baseUrl}`);
      await waitForTests(stack.backend.api, [TEST_ID], { idle: true });
    });
    after(async () => {
      await stack?.stop();
      await sim?.stop();
    });

    it(`killed while ${KASTEN_PHASE.description}`, async () => {
      log(`phase kasten: kill while ${KASTEN_PHASE.description}`);
      const result = await crashPhase({
        phase: KASTEN_PHASE,
        sim,
        table: stack.table,
        backend: stack.backend,
        kill: () => stack.kill(),
        testIds: [TEST_ID],
      });
      record('Kasten', KASTEN_PHASE.name, result);
      assert.ok(
        result.figures[0].heldNothing === false,
        'the run held a sandbox and a RestoreAction at the kill',
      );
      assert.deepEqual(result.failures, [], 'recovery failures');
    });

    it('leaves no sandbox or RestoreAction behind', async () => {
      await assertClusterClean(sim, 'after the Kasten phase');
    });
  });
}
