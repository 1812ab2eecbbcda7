import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { CatalogTestSource } from './CatalogTestSource';

describe('CatalogTestSource', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kymaros-source-'));
  const catalogFile = path.join(dir, 'catalog-info.yaml');
  mkdirSync(path.join(dir, 'kymaros'));
  writeFileSync(
    path.join(dir, 'kymaros', 'orders.yaml'),
    `apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: orders }
spec:
  backupSource: { provider: velero, namespaces: [{ name: orders }] }
  schedule: { cron: "0 3 * * *" }
`,
  );
  const entity = (name: string, ref: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'kymaros.io/enabled': 'true',
        'kymaros.io/restore-test': ref,
        'backstage.io/managed-by-location': `file:${catalogFile}`,
        'backstage.io/managed-by-origin-location': `file:${catalogFile}`,
      },
    },
  });

  it('names file-based tests by the path written in the annotation, not the server path', async () => {
    const config = readKymarosConfig(
      new ConfigReader({
        kymaros: { clusters: [{ name: 'c', kubeconfigPath: '/dev/null' }] },
      }),
    );
    const source = new CatalogTestSource({
      catalog: {
        getEntities: async () => ({
          items: [
            entity('orders', './kymaros/orders.yaml'),
            entity('gone', './kymaros/missing.yaml'),
          ],
        }),
      } as any,
      auth: mockServices.auth(),
      urlReader: {} as any,
      logger: mockServices.logger.mock(),
      context: () => ({
        config,
        providers: ['velero'],
        checkTypes: [],
        protectedNamespaces: ['kube-system'],
      }),
    });
    const tests = await source.loadAll();
    const byRef = new Map(tests.map(t => [t.entityRef, t]));
    expect(byRef.get('component:default/orders')).toMatchObject({
      source: 'kymaros/orders.yaml',
      name: 'orders',
    });
    expect(byRef.get('component:default/orders')!.error).toBeUndefined();
    const gone = byRef.get('component:default/gone')!;
    expect(gone.source).toBe('kymaros/missing.yaml');
    expect(gone.error).toBe('cannot read kymaros/missing.yaml: no such file');
    expect(JSON.stringify(tests)).not.toContain(dir);
  });
});
