import * as k8s from '@kubernetes/client-node';
import { simulatorAdmin } from '@kymaros/kube-simulator/src/contract/endpoint';
import { executeRun, setup, target } from './__testUtils__/simulatedRun';

jest.setTimeout(60_000);

describe('runs under faults', () => {
  it('gives a stuck restore a bounded failing verdict and removes everything', async () => {
    const { t, deps, leftovers } = await setup(
      {
        'sim.kymaros.io/restore-outcome': 'stuck',
      },
      'rstuck',
    );
    try {
      const started = Date.now();
      const { status, incomplete } = await executeRun(
        target,
        'rstuck',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(incomplete).toBe(true);
      expect(status.result).toBe('fail');
      expect(status.detail).toMatch(/The restore did not finish within 3s/);
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });

  it('records a permission failure as an error, not as a backup failure, and leaves nothing behind', async () => {
    const { t, deps, leftovers } = await setup({}, 'rdenied');
    try {
      await simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', {
        path: '/networkpolicies$',
        method: 'POST',
        status: 403,
        times: 1,
      });
      const { status } = await executeRun(
        target,
        'rdenied',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(status.result).toBe('error');
      expect(status.detail).toMatch(/forbidden/);
      expect(status.validationLevels.restoreIntegrity.status).toBe('skip');
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });

  it('survives a flaky API while waiting for the restore', async () => {
    const { t, deps, leftovers } = await setup(
      {
        'sim.kymaros.io/restore-duration': '2s',
      },
      'rflaky',
    );
    try {
      deps.timeoutsMs.restore = 20_000;
      // Watches are cut repeatedly and some reads fail; the wait must resume and still finish.
      await simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', {
        path: '/restores',
        dropWatchAfterMs: 200,
        times: 5,
      });
      const { status } = await executeRun(
        target,
        'rflaky',
        deps,
        AbortSignal.timeout(40_000),
      );
      expect(status.validationLevels.restoreIntegrity.status).toBe('pass');
      expect(status.result).not.toBe('error');
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });

  it('ends as an error when the run is aborted (the backend shuts down), still cleaning up', async () => {
    const { t, deps, leftovers } = await setup(
      {
        'sim.kymaros.io/restore-duration': '10s',
      },
      'rabort',
    );
    try {
      deps.timeoutsMs.restore = 30_000;
      const controller = new AbortController();
      setTimeout(
        () => controller.abort(new Error('backend shutting down')),
        1500,
      );
      const { status } = await executeRun(
        target,
        'rabort',
        deps,
        controller.signal,
      );
      expect(status.result).toBe('error');
      expect(status.detail).toMatch(/backend shutting down/);
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });

  it('lets a restore it gave up on finish before deleting it and the sandboxes', async () => {
    // Real Velero keeps restoring after its Restore is deleted and would
    // re-create the sandboxes; cleanup must wait for a terminal phase first.
    const { t, deps, leftovers } = await setup(
      {
        'sim.kymaros.io/restore-duration': '2s',
      },
      'rsettle',
    );
    try {
      deps.timeoutsMs.restore = 500;
      // Every change of the Restore, by watch: cleanup reacts at once, faster than any poll.
      const phases: string[] = [];
      const watch = await new k8s.Watch(t.kc).watch(
        `/apis/velero.io/v1/namespaces/${t.sim.veleroNamespace}/restores`,
        {},
        (type: string, r: any) => {
          const phase = type === 'DELETED' ? 'gone' : r.status?.phase ?? '';
          if (phases[phases.length - 1] !== phase) phases.push(phase);
        },
        () => undefined,
      );
      const { status } = await executeRun(
        target,
        'rsettle',
        deps,
        AbortSignal.timeout(30_000),
      );
      watch.abort();
      expect(status.detail).toMatch(/did not finish within 500ms/);
      // Deleted only once Velero was done with it.
      expect(phases.slice(-2)).toEqual(['Completed', 'gone']);
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });

  it('refuses a source namespace that carries the sandbox label, and creates nothing', async () => {
    const { t, deps, leftovers } = await setup({}, 'rsource');
    try {
      await t.core.patchNamespace(
        {
          name: 'shop',
          body: {
            metadata: {
              labels: { 'kymaros.io/managed-by': 'kymaros-backstage' },
            },
          },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      const { status } = await executeRun(
        target,
        'rsource',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(status.result).toBe('error');
      expect(status.detail).toMatch(
        /Source namespace refused: "shop" carries the label kymaros.io\/managed-by=kymaros-backstage/,
      );
      expect(status.sandboxes).toEqual([]);
      const labelled = await leftovers();
      expect(labelled.restores).toEqual([]);
      expect(labelled.sandboxes).toEqual(['shop']);
    } finally {
      await t.sim.stop();
    }
  });

  it('refuses a source namespace recorded as a sandbox of another run', async () => {
    const { t, deps } = await setup({}, 'rsource2');
    try {
      deps.isRecordedSandbox = async name => name === 'shop';
      const { status } = await executeRun(
        target,
        'rsource2',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(status.detail).toMatch(/"shop" is a sandbox of a restore run/);
      expect(status.sandboxes).toEqual([]);
    } finally {
      await t.sim.stop();
    }
  });
  it("reads the restore's results while the pods start, and judges integrity with them", async () => {
    const { t, deps, leftovers } = await setup({}, 'roverlap');
    try {
      const steps: string[] = [];
      deps.onStep = step => steps.push(step);
      const read = deps.provider.readRestoreResults!.bind(deps.provider);
      let stepsWhenRead: string[] = [];
      deps.provider.readRestoreResults = async (handle, signal) => {
        const results = await read(handle, signal);
        // Held until the pod wait has begun: the run must not wait for it first.
        while (!steps.includes('pods'))
          await new Promise(r => setTimeout(r, 20));
        stepsWhenRead = [...steps];
        return results;
      };
      const { status } = await executeRun(
        target,
        'roverlap',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(stepsWhenRead).toContain('pods');
      expect(status.validationLevels.restoreIntegrity).toMatchObject({
        status: 'pass',
      });
      expect(
        status.validationLevels.restoreIntegrity.tested.length,
      ).toBeGreaterThan(0);
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });

  it('ends reading the results before removing the Restore when the run stops during the pod wait', async () => {
    const { t, deps, leftovers } = await setup({}, 'rstopped');
    try {
      const order: string[] = [];
      deps.provider.readRestoreResults = (_handle, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            order.push('results aborted');
            reject(signal.reason);
          }),
        );
      const cleanup = deps.cleanup;
      deps.cleanup = (signal, kind) => {
        order.push(`cleanup ${kind}`);
        return cleanup(signal, kind);
      };
      await simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', {
        path: '/pods$',
        method: 'GET',
        status: 403,
        times: 10,
      });
      const { status } = await executeRun(
        target,
        'rstopped',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(status.result).toBe('error');
      expect(order.slice(0, 2)).toEqual(['results aborted', 'cleanup Restore']);
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });
});
