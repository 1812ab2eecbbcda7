/*
 * Sandbox fidelity on a real API server and a real Velero (test/cluster/run.sh,
 * `npm run test:cluster -- fidelity`): a web tier and its database in two
 * namespaces are backed up, the production database is then lost, and the
 * engine restores both into sandboxes. The web pod's `/db` route calls the
 * address its configuration holds (the pod agent's `sim.kymaros.io/upstream`),
 * so the run's httpGet check passes only if the restore rewrote that address
 * to the database's sandbox. What Velero restored is read while the run is
 * in its checks, since cleanup removes it afterwards.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Knex } from 'knex';
import * as k8s from '@kubernetes/client-node';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import {
  apps,
  backup,
  core,
  custom,
  eventually,
  kc,
  realEngine,
  removeServiceAccounts,
  minioUrl,
  rid,
  stateDir,
  velero,
} from './__testUtils__/realCluster';
import { storeFileTest } from './__testUtils__/storeFileTest';

jest.setTimeout(600_000);

const ns = { web: `web-${rid}`, db: `db-${rid}` };
const sandbox = { web: `web-${rid}-restored`, db: `db-${rid}-restored` };
const billing = `api.billing-${rid}.svc.cluster.local`;
const dsn = (namespace: string) =>
  `postgres://app:s3cret-${rid}@db.${namespace}.svc:8080/app`;
const volumeName = `db-data-${rid}`;
const batch = kc.makeApiClient(k8s.BatchV1Api);
const networking = kc.makeApiClient(k8s.NetworkingV1Api);

/** One container answering HTTP on `port` (the pod agent listens there), in a one-replica Deployment. */
function deployment(
  name: string,
  port: number,
  annotations: Record<string, string>,
  env: k8s.V1EnvVar[] = [],
): k8s.V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: {
          containers: [
            {
              name: 'main',
              image: `example/${name}:1`,
              env,
              ports: [{ name: 'http', containerPort: port }],
            },
          ],
        },
      },
    },
  };
}

function service(name: string, port: number, type?: string): k8s.V1Service {
  return {
    metadata: { name },
    spec: {
      type,
      selector: { app: name },
      ports: [{ name: 'http', port, targetPort: 'http' as any }],
    },
  };
}

/** The database: HTTP on its Service's port 8080, a claim on a Retain volume whose data no backup takes, and a reference to a namespace never restored. */
async function createDatabase() {
  await apps.createNamespacedDeployment({
    namespace: ns.db,
    body: deployment('db', 9432, {
      'sim.kymaros.io/http': JSON.stringify({ '/': { status: 200 } }),
    }),
  });
  await core.createNamespacedService({
    namespace: ns.db,
    body: service('db', 8080),
  });
  await core.createNamespacedConfigMap({
    namespace: ns.db,
    body: {
      metadata: { name: 'billing' },
      data: { BILLING_URL: `http://${billing}:8080/invoices` },
    },
  });
  // An NFS share: restored as it is, a sandbox would mount production's data.
  await core.createPersistentVolume({
    body: {
      metadata: { name: volumeName },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: '',
        nfs: { server: 'nfs.storage.example', path: `/exports/${rid}` },
      },
    },
  });
  await core.createNamespacedPersistentVolumeClaim({
    namespace: ns.db,
    body: {
      metadata: { name: 'data' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: '',
        volumeName,
        resources: { requests: { storage: '1Gi' } },
      },
    },
  });
}

/** The web tier: three ways to name the database (env value, ConfigMap, Secret), a LoadBalancer, a CronJob, an Ingress. */
async function createWebTier() {
  await core.createNamespacedConfigMap({
    namespace: ns.web,
    body: {
      metadata: { name: 'web-config' },
      data: { DB_HOST: `db.${ns.db}:8080` },
    },
  });
  await core.createNamespacedSecret({
    namespace: ns.web,
    body: {
      metadata: { name: 'db-credentials' },
      stringData: { dsn: dsn(ns.db) },
    },
  });
  await apps.createNamespacedDeployment({
    namespace: ns.web,
    body: deployment(
      'web',
      8086,
      {
        'sim.kymaros.io/http': JSON.stringify({ '/healthz': { status: 200 } }),
        'sim.kymaros.io/upstream':
          '/db=DB_URL,/db-host=DB_HOST,/db-dsn=DB_DSN,/billing=BILLING_URL',
      },
      [
        {
          name: 'DB_URL',
          value: `http://db.${ns.db}.svc.cluster.local:8080`,
        },
        { name: 'BILLING_URL', value: `http://${billing}:8080` },
        {
          name: 'DB_HOST',
          valueFrom: {
            configMapKeyRef: { name: 'web-config', key: 'DB_HOST' },
          },
        },
        {
          name: 'DB_DSN',
          valueFrom: {
            secretKeyRef: { name: 'db-credentials', key: 'dsn' },
          },
        },
      ],
    ),
  });
  await core.createNamespacedService({
    namespace: ns.web,
    body: service('web', 80, 'LoadBalancer'),
  });
  await batch.createNamespacedCronJob({
    namespace: ns.web,
    body: {
      metadata: { name: 'nightly-report' },
      spec: {
        schedule: '0 0 1 1 *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'Never',
                containers: [{ name: 'report', image: 'example/report:1' }],
              },
            },
          },
        },
      },
    },
  });
  await networking.createNamespacedIngress({
    namespace: ns.web,
    body: {
      metadata: { name: 'web' },
      spec: {
        rules: [
          {
            host: `shop-${rid}.example.com`,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'web', port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
    },
  });
}

const readyPods = (namespace: string, app: string) =>
  eventually(`a ready ${app} pod in ${namespace}`, async () =>
    (
      await core.listNamespacedPod({ namespace, labelSelector: `app=${app}` })
    ).items.some(p =>
      p.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      ),
    ),
  );

/** Velero's BackupVolumeInfos of a backup, read from the object store. */
function backupVolumeInfos(name: string): any[] {
  const password = readFileSync(
    path.join(stateDir, 'velero', 'minio-password'),
    'utf8',
  ).trim();
  const gz = execFileSync('curl', [
    '-sS',
    '--fail-with-body',
    '--aws-sigv4',
    'aws:amz:us-east-1:s3',
    '--user',
    `kymaros:${password}`,
    `${minioUrl}/velero/backups/${name}/${name}-volumeinfo.json.gz`,
  ]);
  return JSON.parse(gunzipSync(gz).toString('utf8'));
}

/** What Velero restored into the sandboxes, read while they exist. */
interface SandboxView {
  webEnv: k8s.V1EnvVar[];
  webConfig: Record<string, string>;
  dsn: string;
  webServiceType: string;
  cronJobSuspended: boolean | undefined;
  ingresses: string[];
  billingConfig: Record<string, string>;
  claims: string[];
  policies: string[];
}

async function readSandboxes(): Promise<SandboxView> {
  const web = await apps.readNamespacedDeployment({
    namespace: sandbox.web,
    name: 'web',
  });
  const secret = await core.readNamespacedSecret({
    namespace: sandbox.web,
    name: 'db-credentials',
  });
  return {
    webEnv: web.spec!.template.spec!.containers[0].env ?? [],
    webConfig: (
      await core.readNamespacedConfigMap({
        namespace: sandbox.web,
        name: 'web-config',
      })
    ).data!,
    dsn: Buffer.from(secret.data!.dsn, 'base64').toString('utf8'),
    webServiceType: (
      await core.readNamespacedService({ namespace: sandbox.web, name: 'web' })
    ).spec!.type!,
    cronJobSuspended: (
      await batch.readNamespacedCronJob({
        namespace: sandbox.web,
        name: 'nightly-report',
      })
    ).spec!.suspend,
    ingresses: (
      await networking.listNamespacedIngress({ namespace: sandbox.web })
    ).items.map(i => i.metadata!.name!),
    billingConfig: (
      await core.readNamespacedConfigMap({
        namespace: sandbox.db,
        name: 'billing',
      })
    ).data!,
    claims: (
      await core.listNamespacedPersistentVolumeClaim({ namespace: sandbox.db })
    ).items.map(c => `${c.metadata!.name}:${c.spec!.volumeName ?? ''}`),
    policies: (
      await networking.listNamespacedNetworkPolicy({ namespace: sandbox.web })
    ).items.map(p => p.metadata!.name!),
  };
}

/**
 * Watches the run from outside: the Velero Restore into our sandboxes, its
 * resource-modifier ConfigMap, every PersistentVolume bound to a sandbox,
 * and the sandboxes' contents once the restore is done.
 */
function watchRun() {
  const seen = {
    restore: undefined as any,
    modifiers: undefined as Record<string, string> | undefined,
    sandboxPvs: new Set<string>(),
    view: undefined as SandboxView | undefined,
  };
  let stopped = false;
  const ours = (r: any) =>
    Object.values(r.spec?.namespaceMapping ?? {}).includes(sandbox.web);
  const poll = async () => {
    const restores: any = await custom.listNamespacedCustomObject({
      ...velero,
      plural: 'restores',
    });
    const restore = restores.items.find(ours);
    if (restore) seen.restore = restore;
    const modifierName = restore?.spec?.resourceModifier?.name;
    if (modifierName && !seen.modifiers)
      seen.modifiers = (
        await core
          .readNamespacedConfigMap({ namespace: 'velero', name: modifierName })
          .catch(() => undefined)
      )?.data;
    for (const pv of (await core.listPersistentVolume()).items)
      if (Object.values(sandbox).includes(pv.spec?.claimRef?.namespace ?? ''))
        seen.sandboxPvs.add(pv.metadata!.name!);
    if (['Completed', 'PartiallyFailed'].includes(restore?.status?.phase))
      seen.view = await readSandboxes().catch(() => seen.view);
  };
  const loop = (async () => {
    while (!stopped) {
      await poll().catch(() => undefined);
      await new Promise(r => setTimeout(r, 250));
    }
  })();
  return {
    seen,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

const restoreTest = `
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: shop }
spec:
  backupSource:
    provider: velero
    backupName: fidelity-${rid}
    namespaces:
      - { name: ${ns.web}, sandboxName: ${sandbox.web} }
      - { name: ${ns.db}, sandboxName: ${sandbox.db} }
  schedule: { cron: "0 3 * * *" }
  sla: { maxRTO: 10m }
  # The web tier calls the database's sandbox: the run's sandboxes may talk to each other.
  sandbox: { networkIsolation: group }
  healthChecks:
    checks:
      - { name: web-ready, type: podStatus, podStatus: { labelSelector: { app: web }, minReady: 1 } }
      - { name: db-ready, type: podStatus, podStatus: { labelSelector: { app: db }, minReady: 1 } }
      - name: web-reaches-db
        type: httpGet
        namespace: ${ns.web}
        dependsOn: [web-ready, db-ready]
        httpGet: { service: web, port: 80, path: /db, expectedStatus: 200, bodyMatches: "^reached ${sandbox.db}:", retries: 3 }
      - name: web-config-reaches-db
        type: httpGet
        namespace: ${ns.web}
        dependsOn: [web-ready, db-ready]
        httpGet: { service: web, port: 80, path: /db-host, expectedStatus: 200, bodyMatches: "^reached ${sandbox.db}:" }
      - name: web-secret-reaches-db
        type: httpGet
        namespace: ${ns.web}
        dependsOn: [web-ready, db-ready]
        httpGet: { service: web, port: 80, path: /db-dsn, expectedStatus: 200, bodyMatches: "^reached ${sandbox.db}:" }
      # Not restored, so not rewritten: the pod agent answers 502 naming the host.
      - name: web-cannot-reach-billing
        type: httpGet
        namespace: ${ns.web}
        dependsOn: [web-ready]
        httpGet: { service: web, port: 80, path: /billing, expectedStatus: 502, bodyMatches: "^cannot reach ${billing}:8080: no Service api in namespace billing-${rid}$" }
      # Runs as a local process of kwok: keeps the sandboxes up long enough for the watcher to read them.
      - name: db-answers
        type: exec
        dependsOn: [db-ready]
        exec: { podSelector: { app: db }, command: [sh, -c, "sleep 3; echo ready"] }
`;

describe('a two-namespace app restored into sandboxes by real Velero', () => {
  let knex: Knex | undefined;
  let s: RestoreReport['status'];
  let volumeInfos: any[];
  let watched: ReturnType<typeof watchRun>['seen'];
  let logText = '';

  beforeAll(async () => {
    for (const name of Object.values(ns))
      await core.createNamespace({ body: { metadata: { name } } });
    await createDatabase();
    await createWebTier();
    await readyPods(ns.web, 'web');
    await readyPods(ns.db, 'db');
    await eventually(
      'claim data bound to its volume',
      async () =>
        (
          await core.readNamespacedPersistentVolumeClaim({
            namespace: ns.db,
            name: 'data',
          })
        ).status?.phase === 'Bound',
    );
    await backup(`fidelity-${rid}`, [ns.web, ns.db]);
    volumeInfos = backupVolumeInfos(`fidelity-${rid}`);

    // The disaster: production's database, its claim and its volume are gone.
    await apps.deleteNamespacedDeployment({ namespace: ns.db, name: 'db' });
    await core.deleteNamespacedService({ namespace: ns.db, name: 'db' });
    await core.deleteNamespacedPersistentVolumeClaim({
      namespace: ns.db,
      name: 'data',
    });
    await core.deletePersistentVolume({ name: volumeName });

    const { engine } = await realEngine('fidelity', { podReadyTimeout: '1m' });
    knex = engine.knex;
    const test = await storeFileTest(engine, 'shop', restoreTest);
    const watcher = watchRun();
    const stderr = jest
      .spyOn(process.stderr, 'write')
      .mockImplementation((chunk: any) => {
        logText += String(chunk);
        return true;
      });
    try {
      await engine.runner.run(test.id, 'test', AbortSignal.timeout(480_000));
    } finally {
      stderr.mockRestore();
      await watcher.stop();
    }
    watched = watcher.seen;
    [{ status: s }] = await engine.store.listReports(test.id, 1);
    if (process.env.KYMAROS_PRINT_REPORTS)
      process.stdout.write(
        `fidelity: ${JSON.stringify(
          { status: s, volumeInfos, restore: watched.restore?.spec },
          null,
          1,
        )}\n`,
      );
  });

  afterAll(async () => {
    await knex?.destroy();
    for (const name of Object.values(ns))
      await core.deleteNamespace({ name }).catch(() => undefined);
    await core.deletePersistentVolume({ name: volumeName }).catch(() => {});
    await removeServiceAccounts();
  });

  it('has Velero say the volume was backed up without its data', () => {
    expect(volumeInfos).toEqual([
      expect.objectContaining({
        pvcName: 'data',
        pvcNamespace: ns.db,
        pvName: volumeName,
        skipped: true,
      }),
    ]);
    expect(volumeInfos[0].backupMethod ?? '').toBe('');
  });

  it('reaches the restored database from the restored web tier, through each place that names it', () => {
    expect(s.sandboxes).toEqual([
      { source: ns.web, sandbox: sandbox.web },
      { source: ns.db, sandbox: sandbox.db },
    ]);
    expect(
      s.checks.map(
        c =>
          `${c.name}:${c.status}${c.status === 'pass' ? '' : ` ${c.message}`}`,
      ),
    ).toEqual([
      'web-ready:pass',
      'db-ready:pass',
      'web-reaches-db:pass',
      'web-config-reaches-db:pass',
      'web-secret-reaches-db:pass',
      'web-cannot-reach-billing:pass',
      'db-answers:pass',
    ]);
    expect(s.validationLevels.internalHealth.status).toBe('pass');
  });

  it('restored the web tier naming the sandbox database, through Velero resource modifiers', () => {
    const view = watched.view!;
    expect(view).toBeDefined();
    expect(view.webEnv.find(e => e.name === 'DB_URL')?.value).toBe(
      `http://db.${sandbox.db}.svc.cluster.local:8080`,
    );
    expect(view.webEnv.find(e => e.name === 'BILLING_URL')?.value).toBe(
      `http://${billing}:8080`,
    );
    expect(view.webConfig).toEqual({ DB_HOST: `db.${sandbox.db}:8080` });
    expect(view.dsn).toBe(dsn(sandbox.db));
    // The reference to a namespace not restored is left for the dependency level.
    expect(view.billingConfig).toEqual({
      BILLING_URL: `http://${billing}:8080/invoices`,
    });
    expect(s.validationLevels.crossNamespaceDeps.detail).toContain(
      `api.billing-${rid}`,
    );
    expect(watched.restore.spec.resourceModifier).toMatchObject({
      kind: 'ConfigMap',
      name: expect.stringMatching(/^kymaros-/),
    });
    expect(watched.modifiers).toBeDefined();
  });

  it('brings back nothing that reaches out: ClusterIP, a suspended CronJob, no Ingress', () => {
    const view = watched.view!;
    expect(view.webServiceType).toBe('ClusterIP');
    expect(view.cronJobSuspended).toBe(true);
    expect(view.ingresses).toEqual([]);
    // What lets the web sandbox call the database's on a cluster that enforces policies.
    expect(view.policies).toContain('kymaros-allow-group');
  });

  it('never restores the volume without data, and counts its claim missing', () => {
    expect([...watched.sandboxPvs]).toEqual([]);
    expect(watched.view!.claims).toEqual(['data:']);
    expect(s.sandboxFidelity?.volumesNotRestored).toEqual([
      expect.objectContaining({
        claim: `${ns.db}/data`,
        reason: expect.stringMatching(/^no volume data in the backup/),
      }),
    ]);
    expect(s.completeness.pvcs).toMatch(/^0\/1/);
    expect(s.validationLevels.completeness.status).not.toBe('pass');
  });

  it('lists every rewrite and transformation on the report', () => {
    const f = s.sandboxFidelity!;
    expect(f.manifestsRead).toBe(true);
    expect(f.rewrites).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          object: `Deployment ${ns.web}/web`,
          from: `db.${ns.db}.svc.cluster.local`,
          to: `db.${sandbox.db}.svc.cluster.local`,
        }),
        expect.objectContaining({
          object: `ConfigMap ${ns.web}/web-config`,
          from: `db.${ns.db}`,
          to: `db.${sandbox.db}`,
        }),
        expect.objectContaining({ object: `Secret ${ns.web}/db-credentials` }),
      ]),
    );
    expect(
      f.externalReferences.map(r => `${r.object} ${r.namespace}`).sort(),
    ).toEqual([
      `ConfigMap ${ns.db}/billing billing-${rid}`,
      `Deployment ${ns.web}/web billing-${rid}`,
    ]);
    expect(f.transformations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subject: `Service ${ns.web}/web`,
          change: 'type LoadBalancer → ClusterIP',
        }),
        expect.objectContaining({
          subject: `CronJob ${ns.web}/nightly-report`,
          change: 'suspended',
        }),
        expect.objectContaining({
          subject: `Ingress ${ns.web}/web`,
          change: 'not restored',
        }),
      ]),
    );
  });

  it("shows the Secret's value nowhere: report, logs, Velero's ConfigMap", () => {
    const secretText = `s3cret-${rid}`;
    expect(JSON.stringify(s)).not.toContain(secretText);
    expect(logText).not.toContain(secretText);
    expect(JSON.stringify(watched.modifiers ?? {})).not.toContain(secretText);
  });

  it('leaves no sandbox, Velero Restore, modifier ConfigMap or sandbox volume behind', async () => {
    const modifierName = watched.restore.spec.resourceModifier.name;
    await eventually(
      'sandboxes gone',
      async () => {
        const names = (await core.listNamespace()).items.map(
          n => n.metadata!.name!,
        );
        return !Object.values(sandbox).some(n => names.includes(n));
      },
      180_000,
    );
    await expect(
      custom.getNamespacedCustomObject({
        ...velero,
        plural: 'restores',
        name: watched.restore.metadata.name,
      }),
    ).rejects.toMatchObject({ code: 404 });
    await eventually('modifier ConfigMap gone', () =>
      core
        .readNamespacedConfigMap({ namespace: 'velero', name: modifierName })
        .then(
          () => false,
          e => e.code === 404,
        ),
    );
    const pvs = (await core.listPersistentVolume()).items.filter(pv =>
      Object.values(sandbox).includes(pv.spec?.claimRef?.namespace ?? ''),
    );
    expect(pvs.map(pv => pv.metadata!.name)).toEqual([]);
  });
});
