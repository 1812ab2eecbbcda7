import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { testRecord } from '../store/__testUtils__/fixtures';
import { testEngine } from './__testUtils__/testEngine';
import { simulatorConfig } from './__testUtils__/simulatorCluster';

jest.setTimeout(60_000);

async function stuckRestore() {
  return testSimulator({
    scenario: {
      objects: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'cfg', namespace: 'shop' },
        },
      ],
      backups: [
        {
          name: 'b',
          includedNamespaces: ['shop'],
          annotations: { 'sim.kymaros.io/restore-outcome': 'stuck' },
        },
      ],
    } as any,
  });
}

async function engineOn(
  t: Awaited<ReturnType<typeof testSimulator>>,
  leaseMs?: number,
  timeouts: Record<string, string> = {},
) {
  const config = simulatorConfig(t, {
    timeouts: { restore: '30s', cleanup: '10s', ...timeouts },
  });
  const engine = await testEngine({
    config,
    logger: mockServices.logger.mock(),
    protectedNamespaces: ['kube-system', 'default'],
    leaseMs,
  });
  const test = testRecord('component:default/shop', 'shop', {
    cluster: 'sim',
  });
  await engine.store.upsertTests([test]);
  return { engine, test };
}

describe('RestoreRunner', () => {
  it('stops a run that lost its lease to a reaper, cleans up, and leaves the report to the reaper', async () => {
    const t = await stuckRestore();
    try {
      const { engine, test } = await engineOn(t, 600);
      // The replica froze past its lease and a reaper claimed the run.
      jest.spyOn(engine.store, 'renewLeases').mockResolvedValue([]);
      const started = Date.now();
      await engine.runner.run(test.id, 'schedule');
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(await engine.store.listReports(test.id)).toEqual([]);
      expect(await engine.store.listObjects()).toEqual([]);
      const sandboxes = await t.core.listNamespace({
        labelSelector: 'kymaros.io/managed-by=kymaros-backstage',
      });
      expect(
        sandboxes.items.filter(n => !n.metadata!.deletionTimestamp),
      ).toEqual([]);
      await engine.knex.destroy();
    } finally {
      await t.sim.stop();
    }
  });

  it('stops within its grace at shutdown even when the database no longer answers, leaving the recorded objects to the reaper', async () => {
    const t = await stuckRestore();
    try {
      const { engine, test } = await engineOn(t);
      const run = engine.runner.start(test.id, 'schedule');
      await expect(run).resolves.toBe(true);
      while (
        !(await engine.store.getTest(test.id))!.state.step?.startsWith(
          'restore:',
        )
      )
        await new Promise(r => setTimeout(r, 50));
      // The database is closing: nothing the run writes from now on returns.
      let answer: (reports: []) => void = () => {};
      jest
        .spyOn(engine.store, 'listReports')
        .mockReturnValue(new Promise(resolve => (answer = resolve)));
      const started = Date.now();
      await engine.runner.stop(1_000);
      expect(Date.now() - started).toBeLessThan(5_000);
      const left = await engine.store.listObjects();
      expect(left.map(o => o.kind).sort()).toEqual(['Namespace', 'Restore']);
      // Let the abandoned run end, so nothing outlives the test.
      answer([]);
      await engine.runner.stop(10_000);
      await engine.knex.destroy();
    } finally {
      await t.sim.stop();
    }
  });

  describe('the global timeout', () => {
    async function runWithTimeouts(
      specTimeout: string,
      installationLimit?: string,
    ) {
      const t = await stuckRestore();
      try {
        const { engine, test } = await engineOn(
          t,
          undefined,
          installationLimit ? { run: installationLimit } : {},
        );
        await engine.store.upsertTests([
          { ...test, spec: { ...test.spec!, timeout: specTimeout } },
        ]);
        await engine.runner.run(test.id, 'schedule');
        const [report] = await engine.store.listReports(test.id);
        const left = await engine.store.listObjects();
        const sandboxes = await t.core.listNamespace({
          labelSelector: 'kymaros.io/managed-by=kymaros-backstage',
        });
        await engine.knex.destroy();
        return { status: report?.status, left, sandboxes: sandboxes.items };
      } finally {
        await t.sim.stop();
      }
    }

    it("stops the run at the test's timeout with a report, and removes what it created", async () => {
      const { status, left, sandboxes } = await runWithTimeouts('2s');
      expect(status?.detail).toMatch(
        /^global timeout exceeded \(2s\) during the restore phase/,
      );
      expect(status?.result).toBe('fail');
      expect(left).toEqual([]);
      expect(sandboxes.filter(n => !n.metadata!.deletionTimestamp)).toEqual([]);
    });

    it("stops the run at the installation's run limit when the test's timeout is longer", async () => {
      const { status, left } = await runWithTimeouts('1h', '2s');
      expect(status?.detail).toMatch(
        /^global timeout exceeded \(2s, kymaros.timeouts.run\) during the restore phase/,
      );
      expect(status?.result).toBe('fail');
      expect(left).toEqual([]);
    });
  });
});
