/*
 * End to end against a real API server and a real Velero (test/cluster/run.sh,
 * `npm run test:cluster`). Not part of `npm test`: it needs the cluster that
 * run.sh starts, and is selected by its `.test.cluster.ts` suffix.
 *
 * Sample applications are created in source namespaces, backed up by Velero,
 * and restored by the engine into sandboxes; the reports are asserted, and so
 * is that nothing of the runs is left behind. The cluster has no volume
 * snapshotter and no node agent, so no volume has data in the backups: the
 * engine restores no volume without data and counts its claim missing.
 *
 * The engine reaches the cluster as the Kubernetes plugin would, through
 * clusters defined only in `kubernetes.clusterLocatorMethods`: `serviceAccount`
 * with a token the API server issued to a ServiceAccount (TokenRequest), and
 * `oidc` whose token Kymaros takes from `kymaros.clusterAuth.oidcTokens`. The
 * test cluster has no OIDC issuer, so that token is a second
 * ServiceAccount's: what is proven is the oidc strategy's path (token
 * provider → configured token → bearer), not an OIDC issuer's validation.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import * as k8s from '@kubernetes/client-node';
import type { Entity } from '@backstage/catalog-model';
import {
  type RestoreReport,
  type RunEvidence,
  SANDBOX_LABELS,
} from '@kymaros/plugin-kymaros-common';
import { storeFileTest } from './__testUtils__/storeFileTest';
import { testEngine } from './__testUtils__/testEngine';
import { parseKymarosFile } from '../definitions/buildDefinitions';
import { testsFromFiles } from '../definitions/fileTests';
import { restoreName } from './phases/restore';
import {
  apiServer,
  apiext,
  apps,
  backup,
  clustersFrom,
  core,
  custom,
  denyConfigMapsInSandboxes,
  eventually,
  logger,
  realEngine,
  removeServiceAccounts,
  minioUrl,
  rid,
  stateDir,
  serviceAccountToken,
  velero,
} from './__testUtils__/realCluster';

jest.setTimeout(600_000);

const ns = {
  shop: `shop-${rid}`,
  platform: `platform-${rid}`,
  tight: `tight-${rid}`,
  denied: `denied-${rid}`,
  lost: `lost-${rid}`,
};
/** What the cluster's admission policy says when it refuses a restored ConfigMap. */
const deniedMessage = 'ConfigMaps named forbidden-* are not allowed here';
const widgetGroup = 'e2e.kymaros.io';

const httpAnnotation = JSON.stringify({
  '/healthz': { status: 200, body: 'ok' },
});

function deployment(
  name: string,
  port: number,
  replicas: number,
  env: k8s.V1EnvVar[] = [],
): k8s.V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: {
          labels: { app: name },
          annotations: { 'sim.kymaros.io/http': httpAnnotation },
        },
        spec: {
          containers: [
            {
              name: 'main',
              image: `example/${name}:1`,
              env,
              ports: [{ name: 'main', containerPort: port }],
            },
          ],
        },
      },
    },
  };
}

function service(name: string, port: number): k8s.V1Service {
  return {
    metadata: { name },
    spec: {
      selector: { app: name },
      ports: [{ name: 'main', port, targetPort: 'main' as any }],
    },
  };
}

/**
 * The shop (API + database + cache dependency in another namespace), a
 * workload too big for its sandbox's quota, an application with a ConfigMap
 * the cluster's admission policy refuses in sandboxes, and a backup whose
 * data is lost.
 */
async function createSampleApplications() {
  for (const name of Object.values(ns))
    await core.createNamespace({ body: { metadata: { name } } });
  // The Widget CRD is installed by start.sh before Velero starts (see
  // test/cluster/fixtures/widgets-crd.yaml): Velero only backs up kinds it has discovered.
  await eventually('Widget CRD established', async () =>
    (
      await apiext.readCustomResourceDefinition({
        name: `widgets.${widgetGroup}`,
      })
    ).status?.conditions?.some(
      c => c.type === 'Established' && c.status === 'True',
    ),
  );

  const cacheUrl = `redis://cache.${ns.platform}.svc.cluster.local:6379`;
  await apps.createNamespacedDeployment({
    namespace: ns.platform,
    body: deployment('cache', 6379, 1),
  });
  await core.createNamespacedService({
    namespace: ns.platform,
    body: service('cache', 6379),
  });

  await core.createNamespacedSecret({
    namespace: ns.shop,
    body: {
      metadata: { name: 'db-credentials' },
      stringData: { password: 's3cret' },
    },
  });
  await core.createNamespacedConfigMap({
    namespace: ns.shop,
    body: { metadata: { name: 'api-config' }, data: { CACHE_URL: cacheUrl } },
  });
  await apps.createNamespacedDeployment({
    namespace: ns.shop,
    body: deployment('api', 8081, 2, [{ name: 'CACHE_URL', value: cacheUrl }]),
  });
  await core.createNamespacedService({
    namespace: ns.shop,
    body: service('api', 80),
  });
  await apps.createNamespacedStatefulSet({
    namespace: ns.shop,
    body: {
      metadata: { name: 'db' },
      spec: {
        serviceName: 'db',
        replicas: 1,
        selector: { matchLabels: { app: 'db' } },
        template: {
          metadata: { labels: { app: 'db' } },
          spec: {
            containers: [
              {
                name: 'postgres',
                image: 'postgres:16',
                ports: [{ name: 'main', containerPort: 5432 }],
              },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: '1Gi' } },
            },
          },
        ],
      },
    },
  });
  await core.createNamespacedService({
    namespace: ns.shop,
    body: service('db', 5432),
  });
  await custom.createNamespacedCustomObject({
    group: widgetGroup,
    version: 'v1',
    namespace: ns.shop,
    plural: 'widgets',
    body: {
      apiVersion: `${widgetGroup}/v1`,
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 3 },
    },
  });

  // A bare pod that asks for more memory than its sandbox's quota allows.
  await core.createNamespacedPod({
    namespace: ns.tight,
    body: {
      metadata: { name: 'worker', labels: { app: 'worker' } },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'example/worker:1',
            resources: {
              requests: { memory: '256Mi', cpu: '100m' },
              limits: { memory: '256Mi', cpu: '100m' },
            },
          },
        ],
      },
    },
  });
  await core.createNamespacedConfigMap({
    namespace: ns.tight,
    body: { metadata: { name: 'worker-config' }, data: { a: 'b' } },
  });
  await apps.createNamespacedDeployment({
    namespace: ns.denied,
    body: deployment('reporter', 8086, 1),
  });
  for (const name of ['reporter-config', 'forbidden-flags'])
    await core.createNamespacedConfigMap({
      namespace: ns.denied,
      body: { metadata: { name }, data: { a: 'b' } },
    });
  await core.createNamespacedConfigMap({
    namespace: ns.lost,
    body: { metadata: { name: 'settings' }, data: { a: 'b' } },
  });

  const ready = (namespace: string, label: string, count: number) =>
    eventually(`${count} ready ${label} pods in ${namespace}`, async () => {
      const pods = (
        await core.listNamespacedPod({ namespace, labelSelector: label })
      ).items.filter(p =>
        p.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ),
      );
      return pods.length === count;
    });
  await ready(ns.shop, 'app=api', 2);
  await ready(ns.shop, 'app=db', 1);
  await ready(ns.platform, 'app=cache', 1);
  await ready(ns.tight, 'app=worker', 1);
  await ready(ns.denied, 'app=reporter', 1);
  await eventually(
    'claim data-db-0 bound',
    async () =>
      (
        await core.readNamespacedPersistentVolumeClaim({
          namespace: ns.shop,
          name: 'data-db-0',
        })
      ).status?.phase === 'Bound',
  );
}

function loseBackupContents(name: string) {
  const password = readFileSync(
    path.join(stateDir, 'velero', 'minio-password'),
    'utf8',
  ).trim();
  execFileSync('curl', [
    '-sS',
    '--fail-with-body',
    '-X',
    'DELETE',
    '--aws-sigv4',
    'aws:amz:us-east-1:s3',
    '--user',
    `kymaros:${password}`,
    `${minioUrl}/velero/backups/${name}/${name}.tar.gz`,
  ]);
}

const restoreTests = `
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: shop }
spec:
  backupSource:
    provider: velero
    backupName: latest
    namespaces: [{ name: ${ns.shop} }, { name: ${ns.platform} }]
  schedule: { cron: "0 3 * * *" }
  sla: { maxRTO: 10m }
  healthChecks:
    checks:
      - { name: api-pods-ready, type: podStatus, podStatus: { labelSelector: { app: api }, minReady: 2 } }
      - { name: db-pod-ready, type: podStatus, podStatus: { labelSelector: { app: db }, minReady: 1 } }
      - name: api-http
        type: httpGet
        dependsOn: [api-pods-ready]
        httpGet: { service: api, port: 80, path: /healthz, expectedStatus: 200 }
      - name: db-accepts-connections
        type: tcpSocket
        dependsOn: [db-pod-ready]
        tcpSocket: { service: db, port: 5432 }
      - name: db-answers
        type: exec
        dependsOn: [db-pod-ready]
        exec: { podSelector: { app: db }, command: [sh, -c, "echo ready"] }
      - name: objects-restored
        type: resourceExists
        resourceExists:
          resources:
            - { kind: Secret, name: db-credentials }
            - { kind: ConfigMap, name: api-config }
            - { kind: Widget, apiVersion: ${widgetGroup}/v1, name: w1 }
---
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: tight }
spec:
  backupSource:
    provider: velero
    backupName: latest
    namespaces: [{ name: ${ns.tight} }]
  schedule: { cron: "0 3 * * *" }
  sandbox: { resourceQuota: { memory: 64Mi, cpu: "1" } }
  podReadyTimeout: 15s
  healthChecks:
    checks:
      - { name: worker-ready, type: podStatus, podStatus: { labelSelector: { app: worker }, minReady: 1, timeout: 10s } }
---
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: denied }
spec:
  backupSource:
    provider: velero
    backupName: latest
    namespaces: [{ name: ${ns.denied} }]
  schedule: { cron: "0 3 * * *" }
  healthChecks:
    checks:
      - { name: reporter-ready, type: podStatus, podStatus: { labelSelector: { app: reporter }, minReady: 1 } }
      - name: config-restored
        type: resourceExists
        resourceExists:
          resources:
            - { kind: ConfigMap, name: reporter-config }
---
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: lost }
spec:
  backupSource:
    provider: velero
    backupName: latest
    namespaces: [{ name: ${ns.lost} }]
  schedule: { cron: "0 3 * * *" }
`;

describe('the engine against a real API server and real Velero', () => {
  let knex: Knex;
  const reports = new Map<string, RestoreReport>();
  const evidence = new Map<string, RunEvidence | undefined>();
  const sandboxes: string[] = [];
  let ownClusters: number | undefined;
  let removePolicy: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    await createSampleApplications();
    await backup(`shop-${rid}`, [ns.shop, ns.platform]);
    await backup(`tight-${rid}`, [ns.tight]);
    await backup(`denied-${rid}`, [ns.denied]);
    await backup(`lost-${rid}`, [ns.lost]);
    loseBackupContents(`lost-${rid}`);
    // After the backup: production held the ConfigMap before the policy came.
    removePolicy = await denyConfigMapsInSandboxes('forbidden-', deniedMessage);

    // Only the Kubernetes plugin's configuration names this cluster.
    const { config, engine } = await realEngine('restorer', {
      concurrency: { perCluster: 4 },
      podReadyTimeout: '1m',
    });
    ownClusters = config.clusters.length;
    knex = engine.knex;
    const { store, runner } = engine;
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'shop', namespace: 'default' },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    };
    const tests = testsFromFiles(
      entity,
      [parseKymarosFile(restoreTests, 'realVelero.test.cluster.ts')],
      engine.definitionContext,
      [],
    );
    for (const t of tests) if (t.error) throw new Error(t.error);
    await store.upsertTests(tests);
    // Velero restores one at a time, so the runs overlap on the engine's side only.
    await Promise.all(
      tests.map(t => runner.run(t.id, 'test', AbortSignal.timeout(480_000))),
    );
    for (const t of tests) {
      const [latest] = await store.listReports(t.id, 1);
      if (latest) {
        reports.set(t.name, latest);
        evidence.set(t.name, await store.getEvidence(latest.metadata.name));
        sandboxes.push(...(latest.status.sandboxes ?? []).map(x => x.sandbox));
      }
    }
    if (process.env.KYMAROS_PRINT_REPORTS)
      for (const [name, r] of reports)
        process.stdout.write(`${name}: ${JSON.stringify(r.status, null, 1)}\n`);
  });

  afterAll(async () => {
    await knex?.destroy();
    await removePolicy?.();
    for (const name of Object.values(ns))
      await core.deleteNamespace({ name }).catch(() => undefined);
    await removeServiceAccounts();
  });

  const status = (name: string) => {
    const r = reports.get(name);
    if (!r) throw new Error(`no report for ${name}`);
    return r.status;
  };

  it('restores two namespaces into sandboxes; every level passes but completeness, which counts the claim without volume data missing', () => {
    const s = status('shop');
    expect(s.detail).toBeUndefined();
    // A cluster of the Kubernetes plugin's configuration, none of Kymaros' own.
    expect(s.cluster).toBe('real');
    expect(ownClusters).toBe(0);
    expect(s.backup.name).toBe(`shop-${rid}`);
    expect(s.sandboxes!.map(x => x.source).sort()).toEqual(
      [ns.platform, ns.shop].sort(),
    );
    for (const sb of s.sandboxes!) expect(sb.sandbox).not.toBe(sb.source);
    expect(
      s.checks.map(
        c =>
          `${c.name}:${c.status}${c.status === 'pass' ? '' : ` ${c.message}`}`,
      ),
    ).toEqual([
      'api-pods-ready:pass',
      'db-pod-ready:pass',
      'api-http:pass',
      'db-accepts-connections:pass',
      'db-answers:pass',
      'objects-restored:pass',
    ]);
    // No snapshotter and no node agent: Velero kept no data of the claim's volume.
    expect(s.sandboxFidelity?.volumesNotRestored).toEqual([
      {
        claim: `${ns.shop}/data-db-0`,
        volume: expect.stringMatching(/^pvc-/),
        reason: expect.stringMatching(/^no volume data in the backup \(.+\)$/),
      },
    ]);
    expect(
      Object.entries(s.validationLevels).map(([k, l]) => `${k}:${l.status}`),
    ).toEqual([
      'restoreIntegrity:pass',
      'completeness:fail',
      'podStartup:pass',
      'internalHealth:pass',
      'crossNamespaceDeps:pass',
      'rtoCompliance:pass',
    ]);
    const missingClaim = `${ns.shop}/PersistentVolumeClaim/data-db-0`;
    expect(s.validationLevels.completeness.failed).toEqual([missingClaim]);
    expect(s.validationLevels.completeness.detail).toContain(
      `missing: ${missingClaim}`,
    );
    expect(s.validationLevels.crossNamespaceDeps.tested.join()).toContain(
      `cache.${ns.platform}`,
    );
    expect(s.result).toBe('pass');
    expect(s.score).toBeGreaterThanOrEqual(90);
    expect(s.rto.withinSLA).toBe(true);
  });

  it('counts completeness from the backup resource list Velero wrote', () => {
    const s = status('shop');
    expect(s.completeness).toMatchObject({
      deployments: '2/2',
      statefulSets: '1/1',
      services: '3/3',
      secrets: '1/1',
      // The claim came back empty: restored, but not counted found.
      pvcs: '0/1',
    });
    expect(s.validationLevels.completeness.notTested ?? []).toEqual([]);
  });

  it('stops a run whose workloads exceed the sandbox quota before any restore, naming the quota needed', async () => {
    const report = reports.get('tight')!;
    const s = report.status;
    expect(s.result).toBe('error');
    expect(s.detail).toBe(
      `The workloads of namespace ${ns.tight} request 256Mi memory in all, above the sandbox quota (memory 64Mi): raise spec.sandbox.resourceQuota (or set resourceQuota.auto: true) to at least memory 256Mi`,
    );
    expect(s.sandboxFidelity?.quota).toMatchObject({
      requested: { memory: '256Mi', pods: 1 },
      applied: { memory: '64Mi' },
    });
    expect(s.sandboxes).toEqual([]);
    expect(s.rto.phases.map(p => p.name)).not.toContain('restore');
    expect(evidence.get('tight')).toBeUndefined();
    // Nothing was created for the run: no Restore, no resource modifiers, no sandbox.
    const runId = report.metadata.labels![SANDBOX_LABELS.run];
    expect(runId).toBeTruthy();
    const name = restoreName(runId);
    await expect(
      custom.getNamespacedCustomObject({ ...velero, plural: 'restores', name }),
    ).rejects.toMatchObject({ code: 404 });
    await expect(
      core.readNamespacedConfigMap({ namespace: velero.namespace, name }),
    ).rejects.toMatchObject({ code: 404 });
    const restores: any = await custom.listNamespacedCustomObject({
      ...velero,
      plural: 'restores',
    });
    expect(
      restores.items
        .filter((r: any) => r.spec?.backupName === `tight-${rid}`)
        .map((r: any) => r.metadata.name),
    ).toEqual([]);
    const namespaces = await core.listNamespace({
      labelSelector: `${SANDBOX_LABELS.run}=${runId}`,
    });
    expect(namespaces.items.map(n => n.metadata!.name)).toEqual([]);
  });

  it("reports a partially failed restore when the cluster's admission policy refuses part of the backup", () => {
    const s = status('denied');
    expect(s.validationLevels.restoreIntegrity.status).not.toBe('pass');
    expect(s.validationLevels.restoreIntegrity.detail).toMatch(
      /partially failed/i,
    );
    // The rest of the application came back and runs.
    expect(s.checks.map(c => `${c.name}:${c.status}`)).toEqual([
      'reporter-ready:pass',
      'config-restored:pass',
    ]);
    expect(s.validationLevels.completeness.failed).toEqual([
      `${ns.denied}/ConfigMap/forbidden-flags`,
    ]);
    expect(s.result).not.toBe('pass');
  });

  it("keeps Velero's own restore log and the policy's refusal among its errors for the partially failed restore", () => {
    const restore = evidence.get('denied')?.restore;
    expect(restore).toMatchObject({
      provider: 'velero',
      restoreName: expect.stringMatching(/^kymaros-/),
    });
    expect(restore!.unavailable).toBeUndefined();
    // Velero files item errors under the namespace (`namespace: message`).
    const [{ sandbox }] = status('denied').sandboxes!;
    const refusals = restore!.errors.filter(
      e =>
        (e.startsWith(`${sandbox}: `) || e.startsWith(`${ns.denied}: `)) &&
        e.includes('forbidden-flags') &&
        e.includes(deniedMessage),
    );
    expect(refusals).toHaveLength(1);
    expect(restore!.log).toMatch(/level=\w+ msg=/);
    expect(restore!.log).toContain(restore!.restoreName);
  });

  it('fails the test whose backup contents are gone from object storage', () => {
    const s = status('lost');
    expect(s.result).toBe('fail');
    expect(s.validationLevels.restoreIntegrity.status).toBe('fail');
    expect(JSON.stringify(s)).toMatch(/Failed/);
  });

  it('leaves no sandbox namespace, Velero Restore or persistent volume behind', async () => {
    // shop's two, denied's and lost's; the tight run stopped before its sandbox.
    expect(sandboxes).toHaveLength(4);
    await eventually(
      'sandbox namespaces gone',
      async () => {
        const left = (await core.listNamespace()).items
          .map(n => n.metadata!.name!)
          .filter(n => sandboxes.includes(n));
        return left.length === 0;
      },
      180_000,
    );
    const restores: any = await custom.listNamespacedCustomObject({
      ...velero,
      plural: 'restores',
    });
    const ours = restores.items.filter((r: any) =>
      Object.values(r.spec?.namespaceMapping ?? {}).some(n =>
        sandboxes.includes(n as string),
      ),
    );
    expect(ours.map((r: any) => r.metadata.name)).toEqual([]);
    const pvs = (await core.listPersistentVolume()).items.filter(pv =>
      sandboxes.includes(pv.spec?.claimRef?.namespace ?? ''),
    );
    expect(pvs.map(pv => pv.metadata!.name)).toEqual([]);
  });
});

describe('a backend that dies while real Velero is restoring', () => {
  it('is cleaned up by the reaper only after Velero finished, so no namespace comes back', async () => {
    // An oidc cluster: Kymaros presents the token configured for its token provider.
    const { kymaros: config, clusters } = await clustersFrom({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'real',
                ...apiServer,
                authProvider: 'oidc',
                oidcTokenProvider: 'corporate-sso',
              },
            ],
          },
        ],
      },
      kymaros: {
        clusterAuth: {
          oidcTokens: {
            'corporate-sso': { token: await serviceAccountToken('sso-user') },
          },
        },
      },
    });
    const engine = await testEngine({
      config,
      logger,
      protectedNamespaces: ['kube-system', 'default', 'velero'],
      clusters,
    });
    const { store, runner } = engine;
    try {
      const [shop] = testsFromFiles(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'crash', namespace: 'default' },
          spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
        },
        [parseKymarosFile(restoreTests, 'realVelero.test.cluster.ts')],
        engine.definitionContext,
        [],
      );
      await store.upsertTests([shop]);
      // The backend stops once Velero has the Restore: its runs leave what
      // they recorded to the reaper, as a crashed backend's do.
      await runner.start(shop.id, 'test');
      const restore = await eventually(
        'the run created its Velero Restore',
        async () => {
          const [record] = await store.listObjects({ kind: 'Restore' });
          return record?.uid ? record : undefined;
        },
      );
      await runner.stop();
      const recorded = (await store.listObjects({ kind: 'Namespace' })).map(
        r => r.name,
      );
      expect(recorded).toHaveLength(2);

      const reaper = engine.reaper({
        settleMs: 120_000,
        namespaceWaitMs: 120_000,
      });
      const result = await reaper.reap();
      // The Restore, and its resource modifiers ConfigMap (named like it) beside it, unless
      // Kubernetes' garbage collector removed that one first with its owner (checked gone below).
      expect(result.deletedRestores[0]).toBe(restore.name);
      expect(result.deletedRestores.slice(1)).toEqual(
        result.deletedRestores.length > 1
          ? [`${restore.name} (beside restore ${restore.name})`]
          : [],
      );
      expect(result.deletedSandboxes.sort()).toEqual([...recorded].sort());
      // Velero must not re-create a sandbox after the reaper deleted it.
      await new Promise(r => setTimeout(r, 20_000));
      const present = (await core.listNamespace()).items
        .map(n => n.metadata!.name!)
        .filter(n => recorded.includes(n));
      expect(present).toEqual([]);
      await expect(
        custom.getNamespacedCustomObject({
          ...velero,
          plural: 'restores',
          name: restore.name,
        }),
      ).rejects.toMatchObject({ code: 404 });
      await expect(
        core.readNamespacedConfigMap({
          namespace: velero.namespace,
          name: restore.name,
        }),
      ).rejects.toMatchObject({ code: 404 });
      expect(await store.listObjects()).toEqual([]);
    } finally {
      await engine.knex.destroy();
      await removeServiceAccounts();
    }
  });
});

describe('a run that outlives its timeout on real Velero', () => {
  const source = `slow-${rid}`;
  const sandbox = `slow-${rid}-restored`;
  let knex: Knex | undefined;

  afterAll(async () => {
    await knex?.destroy();
    await core.deleteNamespace({ name: source }).catch(() => undefined);
    await removeServiceAccounts();
  });

  it('stops at its deadline during the checks, reports it, and leaves nothing behind', async () => {
    await core.createNamespace({ body: { metadata: { name: source } } });
    await apps.createNamespacedDeployment({
      namespace: source,
      body: deployment('app', 8082, 1),
    });
    await core.createNamespacedConfigMap({
      namespace: source,
      body: { metadata: { name: 'app-config' }, data: { a: 'b' } },
    });
    await eventually('a ready app pod', async () =>
      (
        await core.listNamespacedPod({
          namespace: source,
          labelSelector: 'app=app',
        })
      ).items.some(p =>
        p.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ),
      ),
    );
    await backup(source, [source]);

    const { config, engine } = await realEngine('deadline', {
      podReadyTimeout: '1m',
    });
    knex = engine.knex;
    // The second check waits for a replica the app does not have: only the run's timeout ends it.
    const file = `
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: slow }
spec:
  backupSource:
    provider: velero
    backupName: latest
    namespaces: [{ name: ${source}, sandboxName: ${sandbox} }]
  schedule: { cron: "0 3 * * *" }
  sla: { maxRTO: 10m }
  timeout: 1m
  healthChecks:
    timeout: 5m
    checks:
      - { name: app-ready, type: podStatus, podStatus: { labelSelector: { app: app }, minReady: 1 } }
      - { name: app-scaled, type: podStatus, podStatus: { labelSelector: { app: app }, minReady: 2, timeout: 5m } }
`;
    const test = await storeFileTest(engine, 'slow', file);
    const started = Date.now();
    await engine.runner.run(test.id, 'test', AbortSignal.timeout(300_000));
    const elapsed = Date.now() - started;

    const [report] = await engine.store.listReports(test.id, 1);
    const s = report.status;
    if (process.env.KYMAROS_PRINT_REPORTS)
      process.stdout.write(`slow: ${JSON.stringify(s, null, 1)}\n`);
    expect(s.detail).toBe(
      'global timeout exceeded (1m0s) during the checks phase',
    );
    // A restore was attempted and the backup was not proven in the time: not an error.
    expect(s.result).toBe('fail');
    expect(s.sandboxes).toEqual([{ source, sandbox }]);
    expect(s.validationLevels.restoreIntegrity.status).toBe('pass');
    expect(s.checks.map(c => `${c.name}:${c.status}`)).toEqual([
      'app-ready:pass',
      'app-scaled:skip',
    ]);
    expect(s.checks[1].message).toMatch(/global timeout exceeded \(1m0s\)/);
    expect(s.validationLevels.rtoCompliance.status).toBe('skip');
    expect(s.rto.withinSLA).toBe(false);
    // The deadline, then cleanup on its own budget.
    expect(elapsed).toBeGreaterThanOrEqual(60_000);
    expect(elapsed).toBeLessThan(60_000 + config.timeoutsMs.cleanup);

    // Cleanup waited for the sandbox to be gone: nothing is left, nor recorded.
    expect(await engine.store.listObjects()).toEqual([]);
    await expect(core.readNamespace({ name: sandbox })).rejects.toMatchObject({
      code: 404,
    });
    const restores: any = await custom.listNamespacedCustomObject({
      ...velero,
      plural: 'restores',
    });
    expect(
      restores.items.filter((r: any) =>
        Object.values(r.spec?.namespaceMapping ?? {}).includes(sandbox),
      ),
    ).toEqual([]);
    // The source namespace is as it was.
    expect(
      (
        await core.readNamespacedConfigMap({
          namespace: source,
          name: 'app-config',
        })
      ).data,
    ).toEqual({ a: 'b' });
  });
});

describe('checks without a namespace in a real run of two namespaces', () => {
  const front = `front-${rid}`;
  const back = `back-${rid}`;
  let knex: Knex | undefined;
  let s: RestoreReport['status'];

  /** A Service named `status` in both namespaces: only a pinned check can mean one of them. */
  const statusService = (app: string): k8s.V1Service => ({
    metadata: { name: 'status' },
    spec: {
      selector: { app },
      ports: [{ name: 'main', port: 80, targetPort: 'main' as any }],
    },
  });

  beforeAll(async () => {
    // The web tier comes first; its API and database, which the checks look for, second.
    for (const name of [front, back])
      await core.createNamespace({ body: { metadata: { name } } });
    await apps.createNamespacedDeployment({
      namespace: front,
      body: deployment('web', 8083, 1),
    });
    await core.createNamespacedService({
      namespace: front,
      body: statusService('web'),
    });
    await core.createNamespacedConfigMap({
      namespace: front,
      body: { metadata: { name: 'web-config' }, data: { a: 'b' } },
    });
    await apps.createNamespacedDeployment({
      namespace: back,
      body: deployment('api', 8084, 2),
    });
    await core.createNamespacedService({
      namespace: back,
      body: service('api', 80),
    });
    await apps.createNamespacedDeployment({
      namespace: back,
      body: deployment('db', 5432, 1),
    });
    await core.createNamespacedService({
      namespace: back,
      body: service('db', 5432),
    });
    await core.createNamespacedService({
      namespace: back,
      body: statusService('api'),
    });
    await core.createNamespacedSecret({
      namespace: back,
      body: {
        metadata: { name: 'db-credentials' },
        stringData: { password: 's3cret' },
      },
    });
    for (const [namespace, app, count] of [
      [front, 'web', 1],
      [back, 'api', 2],
      [back, 'db', 1],
    ] as const)
      await eventually(
        `${count} ready ${app} pods`,
        async () =>
          (
            await core.listNamespacedPod({
              namespace,
              labelSelector: `app=${app}`,
            })
          ).items.filter(p =>
            p.status?.conditions?.some(
              c => c.type === 'Ready' && c.status === 'True',
            ),
          ).length === count,
      );
    await backup(`split-${rid}`, [front, back]);

    const { engine } = await realEngine('finder', {
      podReadyTimeout: '1m',
    });
    knex = engine.knex;
    // Written as a Kymaros policy writes checks: none names its namespace but the last.
    const file = `
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: split }
spec:
  backupSource:
    provider: velero
    backupName: latest
    namespaces: [{ name: ${front} }, { name: ${back} }]
  schedule: { cron: "0 3 * * *" }
  healthChecks:
    checks:
      - { name: api-pods-ready, type: podStatus, podStatus: { labelSelector: { app: api }, minReady: 2 } }
      - name: api-http
        type: httpGet
        dependsOn: [api-pods-ready]
        httpGet: { service: api, port: 80, path: /healthz, expectedStatus: 200, retries: 3 }
      - { name: db-accepts-connections, type: tcpSocket, tcpSocket: { service: db, port: 5432 } }
      - { name: db-answers, type: exec, exec: { podSelector: { app: db }, command: [sh, -c, "echo ready"] } }
      - name: objects-restored
        type: resourceExists
        resourceExists:
          resources:
            - { kind: Secret, name: db-credentials }
            - { kind: ConfigMap, name: web-config }
      - { name: status-anywhere, type: httpGet, httpGet: { service: status, port: 80, path: /healthz } }
      - { name: ghost, type: tcpSocket, timeout: 1m, tcpSocket: { service: ghost, port: 80 } }
      - { name: status-of-web, type: httpGet, namespace: ${front}, httpGet: { service: status, port: 80, path: /healthz } }
`;
    const test = await storeFileTest(engine, 'split', file);
    await engine.runner.run(test.id, 'test', AbortSignal.timeout(300_000));
    [{ status: s }] = await engine.store.listReports(test.id, 1);
    if (process.env.KYMAROS_PRINT_REPORTS)
      process.stdout.write(`split: ${JSON.stringify(s, null, 1)}\n`);
  });

  afterAll(async () => {
    await knex?.destroy();
    for (const name of [front, back])
      await core.deleteNamespace({ name }).catch(() => undefined);
    await removeServiceAccounts();
  });

  const check = (name: string) => s.checks.find(c => c.name === name)!;

  it('finds the Service, pods and objects of the second namespace in its sandbox', () => {
    expect(s.sandboxes!.map(x => x.source)).toEqual([front, back]);
    expect(
      [
        'api-pods-ready',
        'api-http',
        'db-accepts-connections',
        'db-answers',
        'objects-restored',
        'status-of-web',
      ].map(name => {
        const c = check(name);
        return `${c.name}:${c.status}:${c.namespace}${
          c.status === 'pass' ? '' : ` ${c.message}`
        }`;
      }),
    ).toEqual([
      `api-pods-ready:pass:${back}`,
      `api-http:pass:${back}`,
      `db-accepts-connections:pass:${back}`,
      `db-answers:pass:${back}`,
      `objects-restored:pass:${front}, ${back}`,
      `status-of-web:pass:${front}`,
    ]);
    expect(check('api-http').attempts).toBe(1);
  });

  it('reports a Service of both sandboxes as ambiguous, naming how to pin one', () => {
    expect(check('status-anywhere')).toMatchObject({
      status: 'fail',
      namespace: `${front}, ${back}`,
      message: expect.stringMatching(
        new RegExp(
          `^Service status found in 2 sandboxes \\(.+\\): name the one to check with namespace: ${front} or namespace: ${back}$`,
        ),
      ),
    });
  });

  it('fails a Service found in no sandbox within seconds, naming every sandbox searched', () => {
    const ghost = check('ghost');
    expect(ghost.status).toBe('fail');
    expect(ghost.message).toMatch(/^Service ghost not found in any sandbox/);
    for (const sb of s.sandboxes!) expect(ghost.message).toContain(sb.sandbox);
    // Its timeout is a minute; the restore is complete, so only the short grace.
    expect(ghost.durationMs).toBeLessThan(10_000);
  });
});
