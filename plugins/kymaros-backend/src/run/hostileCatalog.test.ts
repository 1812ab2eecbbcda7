/*
 * A hostile catalog against the whole engine: entities whose definitions
 * escape their directory, block, are huge, collide or are simply wrong, next
 * to good ones, on a cluster holding a production namespace that carries
 * forged sandbox labels. The good tests run and report; the bad ones carry
 * precise errors that quote no file; nothing outside the runs' own recorded
 * sandboxes is touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { CatalogTestSource } from '../definitions/CatalogTestSource';
import { testEngine } from './__testUtils__/testEngine';
import { simulatorConfig } from './__testUtils__/simulatorCluster';

jest.setTimeout(120_000);

const nightly = (namespace: string) => `
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: nightly }
spec:
  backupSource: { provider: velero, backupName: latest, namespaces: [{ name: ${namespace} }] }
  schedule: { cron: "0 3 * * *" }
`;

const forgedLabels = {
  'kymaros.io/managed-by': 'kymaros-backstage',
  'kymaros.io/run': 'r0000000000',
  'kymaros.io/test': 'nightly',
};

function catalogDir() {
  const root = mkdtempSync(path.join(tmpdir(), 'kymaros-hostile-'));
  const dir = path.join(root, 'catalog');
  mkdirSync(dir);
  writeFileSync(
    path.join(root, 'credentials.yaml'),
    'api_key: sk-live-0123456789\n',
  );
  writeFileSync(path.join(dir, 'a.yaml'), nightly('orders'));
  writeFileSync(path.join(dir, 'b.yaml'), nightly('billing'));
  writeFileSync(
    path.join(dir, 'leaky.yaml'),
    `apiVersion: restore.kymaros.io/v1alpha1\nkind: RestoreTest\nmetadata: { name: leaky }\nspec:\n  api_key: sk-live-0123456789\n  backupSource: [\n`,
  );
  execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
  return { location: `file:${path.join(dir, 'catalog-info.yaml')}` };
}

function entity(
  name: string,
  location: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

describe('a hostile catalog', () => {
  it('runs every good test, reports every bad one precisely, and touches nothing it did not create', async () => {
    const t = await testSimulator({
      scenario: {
        objects: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cfg', namespace: 'orders' },
          },
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cfg', namespace: 'billing' },
          },
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'ledger', namespace: 'payments' },
          },
        ],
        backups: [
          { name: 'orders-b', includedNamespaces: ['orders'] },
          { name: 'billing-b', includedNamespaces: ['billing'] },
        ],
      } as any,
      timings: { podStartMs: 100, veleroStepMs: 50 },
    });
    try {
      // Production with every sandbox label and an expiry long past, and a look-alike name.
      await t.core.patchNamespace(
        {
          name: 'payments',
          body: {
            metadata: {
              labels: forgedLabels,
              annotations: { 'kymaros.io/expires-at': '2000-01-01T00:00:00Z' },
            },
          },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await t.core.createNamespace({
        body: {
          metadata: { name: 'kymaros-nightly-abc123', labels: forgedLabels },
        },
      });
      const config = simulatorConfig(t, { concurrency: { perCluster: 2 } });
      const logger = mockServices.logger.mock();
      const engine = await testEngine({
        config,
        logger,
        protectedNamespaces: ['kube-system', 'default'],
      });
      const { location } = catalogDir();
      const file = (name: string, ref: string) =>
        entity(name, location, { 'kymaros.io/restore-test': ref });
      const annotated = (name: string, a: Record<string, string>) =>
        entity(name, location, {
          'kymaros.io/enabled': 'true',
          'kymaros.io/namespaces': 'orders',
          ...a,
        });
      const entities = [
        file('alpha', './a.yaml'),
        file('beta', './b.yaml'), // a second RestoreTest named "nightly"
        file('escape', '../../../../etc/passwd'),
        file('credentials', '../credentials.yaml'),
        file('absolute', '/dev/zero'),
        file('fifo', './fifo.yaml'),
        file('leaky', './leaky.yaml'),
        annotated('long', { 'kymaros.io/namespaces': 'n'.repeat(200) }),
        annotated('badcron', { 'kymaros.io/schedule': 'every night' }),
        annotated('provider', { 'kymaros.io/provider': 'bacula' }),
        annotated('policy', {
          'kymaros.io/health-check-policy': 'no-such-policy',
        }),
        annotated('isolation', { 'kymaros.io/network-isolation': 'open' }),
        annotated('fromprod', { 'kymaros.io/namespaces': 'payments' }),
      ];
      const source = new CatalogTestSource({
        catalog: {
          async *streamEntities() {
            yield entities;
          },
        } as any,
        auth: mockServices.auth(),
        urlReader: {} as any,
        logger,
        limits: { entityTimeoutMs: 3_000 },
        context: () => engine.definitionContext,
      });
      const started = Date.now();
      const tests = await source.loadAll();
      expect(Date.now() - started).toBeLessThan(10_000);
      await engine.store.upsertTests(tests);
      const byEntity = (name: string) =>
        tests.find(x => x.entityRef === `component:default/${name}`)!;
      const errors = tests.filter(x => x.error).map(x => x.error!);
      expect(errors.join('\n')).not.toMatch(/sk-live|root:|\/tmp\//);
      expect(byEntity('escape').error).toMatch(
        /outside the entity's directory/,
      );
      expect(byEntity('credentials').error).toMatch(
        /outside the entity's directory/,
      );
      expect(byEntity('absolute').error).toBeDefined();
      expect(byEntity('fifo').error).toMatch(/not a regular file/);
      expect(byEntity('leaky').error).toMatch(/line \d+/);
      expect(byEntity('long').error).toMatch(/longer than 63 characters/);
      expect(byEntity('badcron').error).toMatch(/kymaros.io\/schedule/);
      expect(byEntity('provider').error).toMatch(
        /kymaros.io\/provider: unknown provider "bacula"/,
      );
      expect(byEntity('policy').error).toMatch(/no-such-policy/);
      expect(byEntity('isolation').error).toBe(
        'kymaros.io/network-isolation: "open" is not one of strict, group',
      );

      const runnable = tests.filter(x => x.spec);
      expect(runnable.map(x => x.entityRef).sort()).toEqual([
        'component:default/alpha',
        'component:default/beta',
        'component:default/fromprod',
      ]);
      await Promise.all(runnable.map(x => engine.runner.run(x.id, 'schedule')));
      await engine.reaper({ settleMs: 2_000 }).reap();

      const [alpha] = await engine.store.listReports(byEntity('alpha').id);
      const [beta] = await engine.store.listReports(byEntity('beta').id);
      for (const r of [alpha, beta]) {
        expect(r.status.detail).toBeUndefined();
        expect(r.status.validationLevels.restoreIntegrity.status).toBe('pass');
      }
      expect(alpha.metadata.name).not.toBe(beta.metadata.name);
      const [fromprod] = await engine.store.listReports(
        byEntity('fromprod').id,
      );
      expect(fromprod.status.detail).toMatch(
        /Source namespace refused: "payments" carries the label/,
      );

      const left = (await t.core.listNamespace()).items
        .filter(n => !n.metadata!.deletionTimestamp)
        .map(n => n.metadata!.name);
      expect(left).toEqual(
        expect.arrayContaining([
          'payments',
          'kymaros-nightly-abc123',
          'orders',
          'billing',
        ]),
      );
      expect(
        left.filter(
          n => n!.startsWith('kymaros-') && n !== 'kymaros-nightly-abc123',
        ),
      ).toEqual([]);
      await t.core.readNamespacedConfigMap({
        name: 'ledger',
        namespace: 'payments',
      });
      expect(await engine.store.listObjects()).toEqual([]);
      await engine.knex.destroy();
    } finally {
      await t.sim.stop();
    }
  });
});
