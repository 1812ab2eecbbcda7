import { z } from 'zod';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  HealthCheck,
  RestoreTestSpec,
} from '@kymaros/plugin-kymaros-common';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { simulatorAdmin } from '@kymaros/kube-simulator/src/contract/endpoint';
import { runChecksForRun } from './runChecksForRun';
import { executeRun, setup, target } from './__testUtils__/simulatedRun';

jest.setTimeout(60_000);

/** A check that passes at once, and one that never answers until it is aborted. */
const checkTypes = new Map<string, CheckType>([
  [
    'quick',
    {
      type: 'quick',
      settings: z.object({}).passthrough(),
      run: async () => ({ status: 'pass', message: 'fine' }),
    },
  ],
  [
    'hang',
    {
      type: 'hang',
      settings: z.object({}).passthrough(),
      run: (_check, context) =>
        new Promise((_resolve, reject) =>
          context.signal.addEventListener('abort', () =>
            reject(context.signal.reason),
          ),
        ),
    },
  ],
]);

const checks: HealthCheck[] = [
  { name: 'config-present', type: 'quick', quick: {} },
  { name: 'database-answers', type: 'hang', hang: {} },
  {
    name: 'orders-listed',
    type: 'quick',
    quick: {},
    dependsOn: ['database-answers'],
  },
];

function withSpec(spec: Partial<RestoreTestSpec>) {
  return { ...target, spec: { ...target.spec, ...spec } };
}

function phaseSeconds(
  status: Awaited<ReturnType<typeof executeRun>>['status'],
  name: string,
) {
  return status.rto.phases.find(p => p.name === name)?.seconds;
}

describe('the global timeout (spec.timeout)', () => {
  it('stops a run whose restore outlives it, as a failure of the backup, and still reports and removes everything', async () => {
    const { t, deps, leftovers } = await setup(
      { 'sim.kymaros.io/restore-duration': '4s' },
      'rglobal',
    );
    try {
      deps.timeoutsMs.restore = 30_000;
      const { status, incomplete } = await executeRun(
        withSpec({ timeout: '1500ms' }),
        'rglobal',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(incomplete).toBe(true);
      expect(status.detail).toMatch(
        /^global timeout exceeded \(1\.5s\) during the restore phase/,
      );
      expect(status.result).toBe('fail');
      // Cut at the deadline, not at the restore's own limit.
      expect(phaseSeconds(status, 'restore')).toBeLessThan(2.5);
      expect(status.validationLevels.rtoCompliance.status).toBe('skip');
      expect(status.rto.withinSLA).toBe(false);
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });

  it('ends as an error when it passes before any restore was attempted', async () => {
    const { t, deps, leftovers, store } = await setup({}, 'rearly');
    try {
      deps.isRecordedSandbox = () =>
        new Promise(resolve => setTimeout(() => resolve(false), 3_000));
      const { status } = await executeRun(
        withSpec({ timeout: '1s' }),
        'rearly',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(status.result).toBe('error');
      expect(status.detail).toBe(
        'global timeout exceeded (1s) during the backup phase, before any restore was attempted',
      );
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
      expect(await store.listObjects()).toEqual([]);
    } finally {
      await t.sim.stop();
    }
  });

  it('removes a sandbox whose create was still on its way to the API server at the deadline', async () => {
    const { t, deps, leftovers, store } = await setup({}, 'rlate');
    try {
      await simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', {
        path: '/api/v1/namespaces$',
        method: 'POST',
        latencyMs: 2_500,
        times: 1,
      });
      const { status } = await executeRun(
        withSpec({ timeout: '1s' }),
        'rlate',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(status.detail).toMatch(
        /^global timeout exceeded \(1s\) during the sandbox phase, before any restore was attempted/,
      );
      expect(status.result).toBe('error');
      // The namespace the late create made is found, recorded and deleted.
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
      expect(await store.listObjects()).toEqual([]);
    } finally {
      await t.sim.stop();
    }
  });

  it('keeps the checks that finished before it, stops during the checks, and cleans up', async () => {
    const { t, deps, leftovers } = await setup({}, 'rchecks');
    try {
      deps.runChecks = runChecksForRun(checkTypes, mockServices.logger.mock());
      const { status, incomplete } = await executeRun(
        // The checks phase may take a minute; the run may not.
        withSpec({ timeout: '6s', healthChecks: { timeout: '1m', checks } }),
        'rchecks',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(incomplete).toBe(true);
      expect(status.detail).toMatch(
        /^global timeout exceeded \(6s\) during the checks phase$/,
      );
      // The levels reached add up to a partial score, but the run did not prove the backup in its time.
      expect(status.score).toBeGreaterThanOrEqual(70);
      expect(status.result).toBe('fail');
      expect(status.checks.map(c => [c.name, c.status, c.message])).toEqual([
        ['config-present', 'pass', 'fine'],
        [
          'database-answers',
          'skip',
          'Skipped: run aborted (global timeout exceeded (6s))',
        ],
        [
          'orders-listed',
          'skip',
          'Skipped: run aborted (global timeout exceeded (6s))',
        ],
      ]);
      expect(status.validationLevels.internalHealth.status).toBe('fail');
      expect(status.validationLevels.crossNamespaceDeps.status).toBe('skip');
      expect(status.validationLevels.rtoCompliance.status).toBe('skip');
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });
});

describe('the checks phase deadline', () => {
  it('cuts the checks at healthChecks.timeout and goes on to validate the rest', async () => {
    const { t, deps, leftovers } = await setup({}, 'rphase');
    try {
      deps.runChecks = runChecksForRun(checkTypes, mockServices.logger.mock());
      const { status, incomplete } = await executeRun(
        withSpec({ healthChecks: { timeout: '1s', checks } }),
        'rphase',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(incomplete).toBe(false);
      expect(status.checks.map(c => [c.name, c.status, c.message])).toEqual([
        ['config-present', 'pass', 'fine'],
        [
          'database-answers',
          'fail',
          'The checks phase deadline (healthChecks.timeout, 1s) was reached before this check finished',
        ],
        [
          'orders-listed',
          'skip',
          'Skipped: the checks phase deadline (healthChecks.timeout, 1s) was reached',
        ],
      ]);
      expect(status.detail).toBe(
        'the checks phase deadline (healthChecks.timeout, 1s) was reached: 2 of 3 checks did not finish',
      );
      expect(phaseSeconds(status, 'checks')).toBeLessThan(2);
      expect(status.result).not.toBe('error');
      expect(status.validationLevels.internalHealth.status).toBe('fail');
      expect(status.validationLevels.crossNamespaceDeps.status).toBe('pass');
      expect(status.validationLevels.rtoCompliance.status).toBe('pass');
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });

  it("is the installation's checks limit when healthChecks.timeout is absent or longer", async () => {
    const { t, deps, leftovers } = await setup({}, 'rlimit');
    try {
      deps.runChecks = runChecksForRun(checkTypes, mockServices.logger.mock());
      deps.timeoutsMs.checks = 1_500;
      const { status, incomplete } = await executeRun(
        withSpec({ healthChecks: { timeout: '5m', checks } }),
        'rlimit',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(incomplete).toBe(false);
      expect(status.checks.map(c => c.status)).toEqual([
        'pass',
        'fail',
        'skip',
      ]);
      expect(status.checks[1].message).toBe(
        'The checks phase deadline (kymaros.timeouts.checks, 1.5s) was reached before this check finished',
      );
      expect(status.result).not.toBe('error');
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });
});
