import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { parseAllDocuments } from 'yaml';
import * as k8s from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { demoScenarioPath, loadScenarioFile } from '@kymaros/kube-simulator';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { CatalogTestSource } from '../definitions/CatalogTestSource';
import { testEngine } from './__testUtils__/testEngine';
import { simulatorConfig } from './__testUtils__/simulatorCluster';

jest.setTimeout(240_000);

const examples = path.resolve(__dirname, '../../../../examples');

/** The demo catalog as the catalog would serve it, located in the examples folder. */
function demoEntities(): Entity[] {
  const file = path.join(examples, 'entities.yaml');
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map(d => d.toJS() as Entity)
    .filter(e => e?.kind === 'Component')
    .map(e => ({
      ...e,
      metadata: {
        ...e.metadata,
        namespace: 'default',
        annotations: {
          ...e.metadata.annotations,
          'backstage.io/managed-by-location': `file:${file}`,
          'backstage.io/managed-by-origin-location': `file:${file}`,
        },
      },
    }));
}

/** The demo scenario, with its restores made quick for the test. */
function fastDemoScenario() {
  const s = loadScenarioFile(demoScenarioPath);
  for (const b of s.backups)
    if (b.annotations) delete b.annotations['sim.kymaros.io/restore-duration'];
  return {
    ...s,
    timings: {
      podStartMs: 200,
      jobRunMs: 200,
      namespaceTerminationMs: 200,
      veleroStepMs: 100,
    },
  };
}

describe('restore runs of the demo services', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let knex: Knex;
  let store: DatabaseKymarosStore;
  const reports = new Map<string, RestoreReport>();

  beforeAll(async () => {
    t = await testSimulator({
      scenario: fastDemoScenario() as any,
      timings: { podStartMs: 200, veleroStepMs: 100 },
    });
    const config = simulatorConfig(
      t,
      { concurrency: { perCluster: 3 } },
      'simulator',
    );
    const logger = mockServices.logger.mock();
    const engine = await testEngine({
      config,
      logger,
      protectedNamespaces: ['kube-system', 'default'],
    });
    knex = engine.knex;
    store = engine.store;
    const runner = engine.runner;
    const source = new CatalogTestSource({
      catalog: {
        async *streamEntities() {
          yield demoEntities();
        },
      } as any,
      auth: mockServices.auth(),
      urlReader: {} as any,
      logger,
      context: () => engine.definitionContext,
    });
    const tests = await source.loadAll();
    await store.upsertTests(tests);
    await Promise.all(
      tests
        .filter(x => x.spec)
        .map(x => runner.run(x.id, 'test', AbortSignal.timeout(200_000))),
    );
    for (const x of tests) {
      const [latest] = await store.listReports(x.id, 1);
      if (latest) reports.set(x.entityRef, latest);
    }
    if (process.env.KYMAROS_PRINT_REPORTS) {
      for (const [ref, r] of reports)
        process.stdout.write(`${ref}: ${JSON.stringify(r.status, null, 1)}\n`);
    }
  });

  afterAll(async () => {
    await knex?.destroy();
    await t?.sim.stop();
  });

  const report = (name: string) => {
    const r = reports.get(`component:default/${name}`);
    if (!r)
      throw new Error(
        `no report for ${name}; have ${[...reports.keys()].join(', ')}`,
      );
    return r.status;
  };

  it('passes the healthy service with every level green', () => {
    const s = report('payments-api');
    expect(s.detail).toBeUndefined();
    expect(s.result).toBe('pass');
    expect(s.score).toBeGreaterThanOrEqual(90);
    expect(Object.values(s.validationLevels).map(l => l.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
    ]);
    expect(s.checks.map(c => `${c.name}:${c.status}`)).toEqual([
      'api-pods-ready:pass',
      'db-pod-ready:pass',
      'api-http-ready:pass',
      'db-accepts-connections:pass',
      'db-is-ready:pass',
      'ledger-has-rows:pass',
      'credentials-restored:pass',
    ]);
    expect(s.backup.name).toBe('payments-daily-20261122020000');
    expect(s.backup.age).toMatch(/^2h/);
    expect(s.completeness).toMatchObject({
      deployments: '2/2',
      statefulSets: '1/1',
      services: '2/2',
      secrets: '2/2',
      configMaps: '1/1',
      pvcs: '1/1',
    });
    expect(s.rto.withinSLA).toBe(true);
    expect(s.rto.phases.map(p => p.name)).toEqual(
      expect.arrayContaining(['restore', 'pods', 'checks', 'cleanup']),
    );
  });

  it('scores the partial service between 70 and 89, naming the Secret that did not come back', () => {
    const s = report('catalog-search');
    expect(s.result).toBe('partial');
    expect(s.score).toBeGreaterThanOrEqual(70);
    expect(s.score).toBeLessThan(90);
    expect(s.validationLevels.restoreIntegrity.detail).toMatch(
      /partially failed/,
    );
    expect(s.validationLevels.completeness.notTested).toContain(
      'search/Secret/search-opensearch-credentials',
    );
    expect(s.checks.find(c => c.name === 'index-green')).toMatchObject({
      status: 'fail',
    });
  });

  it('fails the OOMKilled service on pod startup and skips the checks that depend on the database', () => {
    const s = report('orders');
    expect(s.result).toBe('fail');
    expect(s.validationLevels.podStartup.status).toBe('fail');
    expect(s.validationLevels.podStartup.detail).toMatch(
      /orders-postgres-0 .*CrashLoopBackOff.*OOMKilled/,
    );
    expect(s.checks.find(c => c.name === 'postgres-pod-ready')!.status).toBe(
      'fail',
    );
    expect(s.validationLevels.crossNamespaceDeps).toMatchObject({
      status: 'skip',
      detail: 'Skipped: pod startup did not complete',
      notTested: ['shared-redis.platform-infra'],
    });
    for (const name of ['api-http-ready', 'worker-pod-running']) {
      expect(s.checks.find(c => c.name === name)).toMatchObject({
        status: 'skip',
        message:
          'Skipped: postgres-pod-ready failed, downstream checks aborted',
      });
    }
  });

  it('restores both storefront namespaces into sandboxes and verifies the dependency between them', () => {
    const s = report('storefront');
    expect(s.sandboxes!.map(x => x.source).sort()).toEqual([
      'storefront-data',
      'storefront-web',
    ]);
    expect(s.validationLevels.crossNamespaceDeps.status).toBe('pass');
    expect(s.validationLevels.crossNamespaceDeps.tested.join()).toContain(
      'storefront-db.storefront-data',
    );
    expect(s.result).toBe('pass');
  });

  it('ends the unsupported provider with its message', () => {
    const s = report('analytics-pipeline');
    expect(s.result).toBe('error');
    expect(s.detail).toMatch(/Unsupported provider "kasten"/);
  });

  it('reports that the service without a backup has none', () => {
    const s = report('legacy-reports');
    expect(s.result).toBe('fail');
    expect(s.score).toBe(0);
    expect(s.detail).toMatch(
      /No eligible velero backup covers namespace reports/,
    );
    expect(s.rto.withinSLA).toBe(false);
    expect(s.validationLevels.rtoCompliance.status).toBe('skip');
  });

  it('tests only the entities that opted in', () => {
    expect([...reports.keys()].sort()).toEqual([
      'component:default/analytics-pipeline',
      'component:default/catalog-search',
      'component:default/legacy-reports',
      'component:default/orders',
      'component:default/payments-api',
      'component:default/storefront',
    ]);
  });

  it('leaves no sandbox namespace and no Velero restore behind', async () => {
    const core = t.kc.makeApiClient(k8s.CoreV1Api);
    const managed = await core.listNamespace({
      labelSelector: 'kymaros.io/managed-by=kymaros-backstage',
    });
    expect(managed.items.map(n => n.metadata!.name)).toEqual([]);
    const restores: any = await t.custom.listNamespacedCustomObject(
      t.velero('restores'),
    );
    expect(restores.items).toEqual([]);
  });
});
