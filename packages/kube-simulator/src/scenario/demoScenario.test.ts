import { gunzipSync } from 'node:zlib';
import { demoScenarioPath } from '../paths';
import { loadScenarioFile } from './loadScenario';
import { eventually, fetchObject } from '../contract/endpoint';
import { testSimulator } from '../testing';

jest.setTimeout(60_000);

describe('demo scenario', () => {
  it('is a valid scenario', () => {
    const s = loadScenarioFile(demoScenarioPath);
    expect(s.backups.map(b => b.includedNamespaces).flat()).not.toContain(
      'reports',
    );
  });

  it('starts, backs up what it declares and restores the partial service PartiallyFailed', async () => {
    const t = await testSimulator({
      scenario: demoScenarioPath,
      timings: { podStartMs: 100, veleroStepMs: 50 },
    });
    try {
      const backups: any = await t.custom.listNamespacedCustomObject(
        t.velero('backups'),
      );
      expect(backups.items.map((b: any) => b.metadata.name)).toEqual(
        expect.arrayContaining([
          'payments-daily-20261122020000',
          'storefront-6h-20261122000000',
        ]),
      );
      const storefront = backups.items.find(
        (b: any) => b.metadata.name === 'storefront-6h-20261122000000',
      );
      expect(storefront.status.phase).toBe('Completed');
      await t.createVelero('downloadrequests', 'DownloadRequest', 'list', {
        target: {
          kind: 'BackupResourceList',
          name: 'storefront-6h-20261122000000',
        },
      });
      const url = await eventually(
        async () =>
          (
            await t.getVelero('downloadrequests', 'list')
          ).status?.downloadURL,
      );
      const { body } = await fetchObject(url, t.sim.caData);
      const list = JSON.parse(gunzipSync(body).toString());
      expect(list['apps/v1/StatefulSet']).toEqual([
        'storefront-data/storefront-db',
      ]);
      expect(list['apps/v1/Deployment']).toEqual([
        'storefront-web/storefront-web',
      ]);

      await t.createVelero('restores', 'Restore', 'search', {
        backupName: 'search-nightly-20261122010000',
        includedNamespaces: ['search'],
        namespaceMapping: { search: 'sb-search' },
      });
      const r = await eventually(async () => {
        const x = await t.getVelero('restores', 'search');
        return (
          ['Completed', 'PartiallyFailed', 'Failed'].includes(
            x.status?.phase,
          ) && x
        );
      }, 30_000);
      expect(r.status.phase).toBe('PartiallyFailed');
    } finally {
      await t.sim.stop();
    }
  });
});
