import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { testRecord } from '../store/__testUtils__/fixtures';
import { testEngine } from './__testUtils__/testEngine';

jest.setTimeout(60_000);

describe('RestoreRunner', () => {
  it('stops a run that lost its lease to a reaper, cleans up, and leaves the report to the reaper', async () => {
    const t = await testSimulator({
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
    try {
      const kubeconfigPath = path.join(
        mkdtempSync(path.join(tmpdir(), 'kymaros-')),
        'kubeconfig',
      );
      writeFileSync(kubeconfigPath, t.sim.kubeconfigYaml);
      const config = readKymarosConfig(
        new ConfigReader({
          kymaros: {
            clusters: [{ name: 'sim', kubeconfigPath }],
            timeouts: { restore: '30s', cleanup: '10s' },
          },
        }),
      );
      const engine = await testEngine({
        config,
        logger: mockServices.logger.mock(),
        protectedNamespaces: ['kube-system', 'default'],
        leaseMs: 600,
      });
      const test = testRecord('component:default/shop', 'shop', {
        cluster: 'sim',
      });
      await engine.store.upsertTests([test]);
      // The replica froze past its lease and a reaper claimed the run.
      jest.spyOn(engine.store, 'renewLease').mockResolvedValue(false);
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
});
