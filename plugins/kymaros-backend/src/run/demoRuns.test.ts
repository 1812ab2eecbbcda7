import type { Knex } from 'knex';
import * as k8s from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { parseKymarosFile } from '../definitions/buildDefinitions';
import { testsFromFiles } from '../definitions/fileTests';
import { createKastenProviderFactory } from '@kymaros/plugin-kymaros-backend-module-kasten';
import { createKubeStashProviderFactory } from '@kymaros/plugin-kymaros-backend-module-kubestash';
import { testEngine } from './__testUtils__/testEngine';
import {
  catalogSource,
  demoEntities,
  fastDemoScenario,
} from './__testUtils__/demoCatalog';
import { simulatorConfig } from './__testUtils__/simulatorCluster';

jest.setTimeout(240_000);

describe('restore runs of the demo services', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let knex: Knex;
  let store: DatabaseKymarosStore;
  const reports = new Map<string, RestoreReport>();

  beforeAll(async () => {
    t = await testSimulator(fastDemoScenario());
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
      // As the demo backend installs them.
      providers: [
        createKastenProviderFactory({ pollIntervalMs: 100 }),
        createKubeStashProviderFactory({ pollIntervalMs: 100 }),
      ],
    });
    knex = engine.knex;
    store = engine.store;
    const runner = engine.runner;
    const source = catalogSource(
      demoEntities(),
      engine.definitionContext,
      logger,
    );
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

  it('loads the payments test from its directory as Kymaros lays it out: test and policy in two files', async () => {
    const test = await store.getTest(
      'component:default/payments-api:payments-api',
    );
    expect(test).toMatchObject({
      source: 'kymaros/payments-api/restoretest.yaml',
      namespace: 'kymaros-system',
    });
    expect(test!.error).toBeUndefined();
    expect(test!.warnings).toBeUndefined();
    expect(test!.spec).toMatchObject({
      schedule: { cron: '0 */6 * * *', timezone: 'Europe/Brussels' },
      timeout: '30m',
      healthChecks: { policyRef: 'payments-checks', timeout: '10m' },
      logCollection: { enabled: true, maxLines: 200 },
    });
  });

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
    // Tested and missing: failed, not "not tested".
    expect(s.validationLevels.completeness).toMatchObject({
      failed: ['search/Secret/search-opensearch-credentials'],
      notTested: [],
    });
    expect(s.validationLevels.internalHealth).toMatchObject({
      failed: ['index-green'],
      notTested: [],
    });
    expect(s.checks.find(c => c.name === 'index-green')).toMatchObject({
      status: 'fail',
    });
    // Its nightly backup was 3h old at restore against a 2h RPO target.
    expect(s.rpo).toMatchObject({ target: '2h', withinTarget: false });
    expect(s.rpo!.backupAgeMs).toBeGreaterThan(3 * 3_600_000);
  });

  it('fails the OOMKilled service on pod startup and skips the checks that depend on the database', () => {
    const s = report('orders');
    expect(s.result).toBe('fail');
    expect(s.validationLevels.podStartup).toMatchObject({
      status: 'fail',
      failed: ['orders-postgres'],
      notTested: [],
    });
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

  it("keeps the crashed database's log and the sandbox events with the report, after the sandbox is gone", async () => {
    const [latest] = await store.listReports(
      'component:default/orders:orders',
      1,
    );
    const evidence = await store.getEvidence(latest.metadata.name);
    const postgres = evidence!.podLogs.find(
      p => p.podName === 'orders-postgres-0',
    )!;
    expect(postgres.sourceNamespace).toBe('orders');
    expect(postgres.containers.map(c => c.log).join('\n')).toContain(
      'was terminated by signal 9: Killed',
    );
    expect(evidence!.events.map(e => e.reason)).toContain('BackOff');
    // The failing pod first, with why it failed and how its last instance ended.
    expect(evidence!.podLogs[0]).toBe(postgres);
    expect(postgres).toMatchObject({ ready: false });
    expect(postgres.problem).toMatch(/CrashLoopBackOff/);
    expect(postgres.containerStates![0].lastTermination).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
    });
    expect(
      evidence!.checks!.find(c => c.name === 'postgres-pod-ready')!.pods,
    ).toContainEqual({
      namespace: postgres.namespace,
      podName: 'orders-postgres-0',
    });
    expect(evidence!.restore).toMatchObject({
      provider: 'velero',
      errors: [],
    });
    expect(evidence!.restore!.log).toMatch(/msg="restore completed"/);
  });

  it("keeps the provider's restore errors of the partial service, in its words", async () => {
    const [latest] = await store.listReports(
      'component:default/catalog-search:catalog-search',
      1,
    );
    const { restore } = (await store.getEvidence(latest.metadata.name))!;
    expect(restore!.errors.join('\n')).toMatch(
      /search-opensearch-credentials.*admission webhook "secrets-policy.example.com" denied/,
    );
    expect(restore!.log).toMatch(
      /level=error msg="Namespace [^,]+, resource restore error: .*search-opensearch-credentials/,
    );
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

  it('points the storefront web tier at its database sandbox, and lists what reaches out as not reproduced', () => {
    const s = report('storefront');
    const dataSandbox = s.sandboxes!.find(
      x => x.source === 'storefront-data',
    )!.sandbox;
    const fidelity = s.sandboxFidelity!;
    expect(fidelity.manifestsRead).toBe(true);
    expect(fidelity.rewrites).toEqual(
      expect.arrayContaining([
        {
          object: 'Deployment storefront-web/storefront-web',
          field: expect.stringMatching(/DATABASE_HOST/),
          from: 'storefront-db.storefront-data.svc.cluster.local',
          to: `storefront-db.${dataSandbox}.svc.cluster.local`,
        },
        expect.objectContaining({
          object: 'ConfigMap storefront-web/storefront-web-config',
          from: 'storefront-db.storefront-data.svc.cluster.local',
        }),
        expect.objectContaining({
          object: 'CronJob storefront-web/sitemap',
          from: 'storefront-db.storefront-data',
          to: `storefront-db.${dataSandbox}`,
        }),
      ]),
    );
    // Host forms only: never the URL around them.
    expect(JSON.stringify(fidelity.rewrites)).not.toMatch(/postgres:|\/shop/);
    expect(fidelity.externalReferences).toEqual([
      expect.objectContaining({
        reference: 'payments-api.payments.svc.cluster.local',
        namespace: 'payments',
      }),
    ]);
    const changes = fidelity.transformations.map(
      change => `${change.subject}: ${change.change}`,
    );
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Service storefront-web\/storefront-public: .*LoadBalancer → ClusterIP/,
        ),
        expect.stringMatching(/^CronJob storefront-web\/sitemap: suspended/),
        expect.stringMatching(
          /^Ingress storefront-web\/storefront: not restored/,
        ),
      ]),
    );
  });

  it('restores the Kasten-backed service from its newest exported restore point, timed by the RestoreActions', async () => {
    const s = report('analytics-pipeline');
    expect(s.detail).toBeUndefined();
    expect(s.provider).toBe('kasten');
    // Everything restores and starts; the service has no health checks, so it cannot pass.
    expect(s.result).toBe('partial');
    expect(s.score).toBe(80);
    expect(s.validationLevels.internalHealth.detail).toMatch(
      /^No health checks defined/,
    );
    expect(s.validationLevels.restoreIntegrity.detail).toBe(
      'Kasten K10 restore completed without errors',
    );
    // The 5h run's exported copy, not the 29h run, not the local snapshot, not Velero's weekly backup.
    expect(s.backup.name).toMatch(/^analytics\/scheduled-[0-9a-f]{6}$/);
    expect(s.backup.age).toMatch(/^(4h[45]\dm|5h)/);
    expect(s.backup.phase).toBe('Bound');
    // What the restore point's details list, restored in full.
    expect(s.completeness).toMatchObject({
      deployments: '1/1',
      configMaps: '1/1',
    });
    expect(s.validationLevels.restoreIntegrity.status).toBe('pass');
    // Timed by the RestoreAction's own start and end (several controller steps).
    const restore = s.rto.phases.find(p => p.name === 'restore')!;
    expect(restore.seconds).toBeGreaterThan(0.2);
    // K10 keeps no object bodies to read: the report says rewrites were not possible.
    expect(s.sandboxFidelity).toMatchObject({
      manifestsRead: false,
      manifestsProblem: expect.stringMatching(/kasten provider cannot read/),
    });
    const [latest] = await store.listReports(
      'component:default/analytics-pipeline:analytics-pipeline',
      1,
    );
    const { restore: evidence } = (await store.getEvidence(
      latest.metadata.name,
    ))!;
    expect(evidence).toMatchObject({ provider: 'kasten', errors: [] });
    // Beside a Velero run (payments), the report has the same shape: the same steps timed, the
    // same levels and kinds counted; it differs where K10's data does: no object bodies to read.
    const velero = report('payments-api');
    expect(s.rto.phases.map(p => p.name)).toEqual(
      velero.rto.phases
        .map(p => p.name)
        .filter(name => name !== 'backup manifests'),
    );
    expect(Object.keys(s.validationLevels)).toEqual(
      Object.keys(velero.validationLevels),
    );
    expect(Object.keys(s.completeness)).toEqual(
      Object.keys(velero.completeness),
    );
    expect(velero.sandboxFidelity!.manifestsRead).toBe(true);
    expect(velero.provider).toBe('velero');
    // Restore points are only read; the RestoreActions went with the sandbox.
    const rps: any = await t.custom.listNamespacedCustomObject({
      group: 'apps.kio.kasten.io',
      version: 'v1alpha1',
      namespace: 'analytics',
      plural: 'restorepoints',
    });
    // Two policy runs, each a local snapshot and an exported copy: the newest exported one was used.
    expect(rps.items).toHaveLength(4);
    const used = rps.items.find(
      (rp: any) => `analytics/${rp.metadata.name}` === s.backup.name,
    );
    expect(used.metadata.labels['k10.kasten.io/exportProfile']).toBe(
      's3-backups',
    );
    const actions: any = await t.custom.listClusterCustomObject({
      group: 'actions.kio.kasten.io',
      version: 'v1alpha1',
      plural: 'restoreactions',
    });
    expect(actions.items).toEqual([]);
  });

  it('restores the KubeStash-backed service from its BackupVerifier, the sandbox guarded without edits', async () => {
    const s = report('ledger');
    expect(s.provider).toBe('kubestash');
    // The newest Snapshot that succeeded: not the failed 12h backup.
    expect(s.backup.name).toMatch(
      /^ledger-repo-ledger-manifests-manifests-\d+$/,
    );
    expect(s.backup.phase).toBe('Succeeded');
    expect(s.backup.age).toMatch(/^(5h5\dm|6h)/);
    expect(s.validationLevels.restoreIntegrity).toMatchObject({
      status: 'pass',
      detail: 'KubeStash restore completed without errors',
    });
    expect(s.validationLevels.podStartup.status).toBe('pass');
    // The verifier's Script strategy ran as a check in the sandbox.
    expect(s.checks.map(c => `${c.name}:${c.status}`)).toEqual(['script:pass']);
    // A Snapshot lists no objects: completeness says so rather than guessing.
    expect(s.validationLevels.completeness.status).toBe('skip');
    expect(s.score).toBe(80);
    // KubeStash restores manifests as they were: what it would have suspended is left out, and said so.
    expect(s.sandboxFidelity?.transformations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subject: 'CronJobs of ledger',
          change: 'not restored',
        }),
      ]),
    );
    // Its RestoreSessions went with the sandbox; the Snapshots are untouched.
    const sessions: any = await t.custom.listClusterCustomObject({
      group: 'core.kubestash.com',
      version: 'v1alpha1',
      plural: 'restoresessions',
    });
    expect(sessions.items).toEqual([]);
    const snapshots: any = await t.custom.listNamespacedCustomObject({
      group: 'storage.kubestash.com',
      version: 'v1alpha1',
      namespace: 'ledger',
      plural: 'snapshots',
    });
    expect(snapshots.items).toHaveLength(3);
  });

  it('ends the service backed up with TrilioVault with what Trilio does not publish', () => {
    const s = report('media-archive');
    expect(s.result).toBe('error');
    expect(s.detail).toMatch(
      /^Unsupported provider "trilio": .*publishes no schema of its Restore resource/,
    );
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
    // The levels it never reached say why, not "see the report detail".
    expect(s.validationLevels.completeness).toMatchObject({
      status: 'skip',
      notTestedReason:
        'Not evaluated: the run stopped before this step: No eligible velero backup covers namespace reports: nothing to restore',
    });
  });

  it('tests only the entities that opted in', () => {
    expect([...reports.keys()].sort()).toEqual([
      'component:default/analytics-pipeline',
      'component:default/catalog-search',
      'component:default/ledger',
      'component:default/legacy-reports',
      'component:default/media-archive',
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

/** The storefront's two namespaces, its checks written without `namespace:` as a Kymaros policy writes them. */
const unpinnedStorefront = `
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: storefront-unpinned }
spec:
  backupSource:
    provider: velero
    backupName: latest
    namespaces: [{ name: storefront-web }, { name: storefront-data }]
  schedule: { cron: "15 */6 * * *" }
  sandbox: { networkIsolation: group }
  healthChecks:
    checks:
      - { name: db-pod-ready, type: podStatus, podStatus: { labelSelector: { app: storefront-db }, minReady: 1, timeout: 20s } }
      - { name: web-pods-ready, type: podStatus, podStatus: { labelSelector: { app: storefront-web }, minReady: 3, timeout: 20s } }
      - name: db-accepts-connections
        type: tcpSocket
        dependsOn: [db-pod-ready]
        tcpSocket: { service: storefront-db, port: postgres, timeout: 10s }
      - name: home-page
        type: httpGet
        dependsOn: [web-pods-ready]
        httpGet: { service: storefront-web, port: http, path: /, bodyMatches: Storefront, timeout: 10s }
      - name: db-is-ready
        type: exec
        dependsOn: [db-pod-ready]
        exec: { podSelector: { app: storefront-db }, command: [pg_isready], timeout: 10s }
      - name: objects-restored
        type: resourceExists
        resourceExists:
          resources:
            - { kind: Secret, name: storefront-db-credentials }
            - { kind: ConfigMap, name: storefront-web-config }
      - name: products-present
        type: query
        dependsOn: [db-accepts-connections]
        query:
          image: "postgres:16.4"
          command: [psql, -h, storefront-db, -U, shop, -c, "SELECT count(*) FROM products"]
          envFromSecrets: [storefront-db-credentials]
          timeout: 20s
      - { name: no-such-service, type: httpGet, httpGet: { service: ghost, port: 80, path: /, timeout: 20s } }
`;

describe('checks without a namespace in a test of two namespaces', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let knex: Knex;
  let status: RestoreReport['status'];

  beforeAll(async () => {
    t = await testSimulator(fastDemoScenario());
    const logger = mockServices.logger.mock();
    const engine = await testEngine({
      config: simulatorConfig(t, {}, 'simulator'),
      logger,
      protectedNamespaces: ['kube-system', 'default'],
    });
    knex = engine.knex;
    const [test] = testsFromFiles(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'storefront', namespace: 'default' },
        spec: { type: 'website', owner: 'team-storefront' },
      },
      [parseKymarosFile(unpinnedStorefront, 'storefront-unpinned.yaml')],
      engine.definitionContext,
      [],
    );
    if (test.error) throw new Error(test.error);
    await engine.store.upsertTests([test]);
    await engine.runner.run(test.id, 'test', AbortSignal.timeout(200_000));
    [{ status }] = await engine.store.listReports(test.id, 1);
  });

  afterAll(async () => {
    await knex?.destroy();
    await t?.sim.stop();
  });

  const result = (name: string) => status.checks.find(c => c.name === name)!;

  it('finds each Service, pod and object in the sandbox that holds it', () => {
    expect(
      status.checks
        .filter(c => c.name !== 'no-such-service')
        .map(c => `${c.name}:${c.status}:${c.namespace}`),
    ).toEqual([
      'db-pod-ready:pass:storefront-data',
      'web-pods-ready:pass:storefront-web',
      'db-accepts-connections:pass:storefront-data',
      'home-page:pass:storefront-web',
      'db-is-ready:pass:storefront-data',
      'objects-restored:pass:storefront-web, storefront-data',
      'products-present:pass:storefront-data',
    ]);
  });

  it('fails a Service found in no sandbox quickly, naming every sandbox searched', () => {
    const ghost = result('no-such-service');
    const sandboxes = status.sandboxes!.map(s => s.sandbox);
    expect(ghost.status).toBe('fail');
    expect(ghost.message).toMatch(/^Service ghost not found in any sandbox/);
    for (const sandbox of sandboxes) expect(ghost.message).toContain(sandbox);
    expect(ghost.durationMs).toBeLessThan(10_000);
  });
});
