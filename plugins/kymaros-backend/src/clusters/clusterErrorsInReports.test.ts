import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { testEngine } from '../run/__testUtils__/testEngine';
import { testRecord } from '../store/__testUtils__/fixtures';
import { createClusterRegistry } from './createClusterRegistry';

describe('cluster problems in the run’s report', () => {
  it('names an unknown cluster with the known ones, and the cluster and auth provider that refused credentials', async () => {
    const t = await testSimulator();
    try {
      const root = new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'restore-lab',
                  url: t.sim.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: 'revoked-token',
                  caData: Buffer.from(t.sim.caData!).toString('base64'),
                },
              ],
            },
          ],
        },
      });
      const config = readKymarosConfig(root);
      const clusters = await createClusterRegistry({
        config: root,
        clusters: config.clusters,
        catalog: catalogServiceMock(),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
      });
      const engine = await testEngine({
        config,
        logger: mockServices.logger.mock(),
        protectedNamespaces: ['kube-system', 'default'],
        clusters,
      });
      const refused = testRecord('component:default/shop', 'shop', {
        cluster: 'restore-lab',
      });
      const unknown = testRecord('component:default/shop', 'moved', {
        cluster: 'old-lab',
      });
      await engine.store.upsertTests([refused, unknown]);
      await engine.runner.run(refused.id, 'schedule');
      await engine.runner.run(unknown.id, 'schedule');
      const [refusedReport] = await engine.store.listReports(refused.id);
      const [unknownReport] = await engine.store.listReports(unknown.id);
      expect(refusedReport.status).toMatchObject({
        result: 'error',
        detail: expect.stringContaining(
          'Cluster "restore-lab" refused the credentials from auth provider "serviceAccount" (HTTP 401',
        ),
      });
      expect(unknownReport.status).toMatchObject({
        result: 'error',
        detail: 'Unknown cluster "old-lab" (known: restore-lab)',
      });
      await engine.knex.destroy();
    } finally {
      await t.sim.stop();
    }
  });
});
