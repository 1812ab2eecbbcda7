/*
 * Sandbox fidelity on the kube-simulator, the same scenario as
 * sandboxFidelity.test.cluster.ts plus hostile ones: a web tier calls its
 * database and cache (restored in the same run) through an env value, a
 * ConfigMap and a Secret; namespaces not restored are named too, one of
 * them starting with a restored namespace's name. The production database
 * is lost before the run, so the web tier's checks pass only if the restore
 * rewrote each address to the sandboxes.
 */
import type { Knex } from 'knex';
import * as k8s from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { storeFileTest } from './__testUtils__/storeFileTest';
import { testEngine } from './__testUtils__/testEngine';
import { simulatorConfig } from './__testUtils__/simulatorCluster';

jest.setTimeout(120_000);

const ns = { web: 'web-x', db: 'db-x', cache: 'db-x-cache' };
const sandbox = {
  web: 'web-x-restored',
  db: 'db-x-restored',
  cache: 'db-x-cache-restored',
};
const secretDsn = 'postgres://user:pw@db.db-x.svc:5432/app';
const restoredDsn = 'postgres://user:pw@db.db-x-restored.svc:5432/app';
/** Named, never restored: one of them starts with the restored `db-x`. */
const billing = 'api.db-x-billing.svc.cluster.local:8080';
const ledger = 'http://api.billing-x.svc.cluster.local:8080/invoices';

/** A Deployment answering HTTP on container port 9090 behind a Service on `ports`. */
function app(
  namespace: string,
  name: string,
  ports: number[],
  annotations: Record<string, string> = {},
  env: object[] = [],
) {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
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
                ports: [{ name: 'http', containerPort: 9090 }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: {
        selector: { app: name },
        ports: ports.map(port => ({
          name: `p${port}`,
          port,
          targetPort: 'http',
        })),
      },
    },
  ];
}

const [webDeployment, webService] = app(
  ns.web,
  'web',
  [80],
  {
    'sim.kymaros.io/upstream':
      '/db=DB_URL,/db-host=DB_HOST,/db-dsn=DB_DSN,/cache=CACHE_URL',
    // The sandbox is read while the pods phase waits for this pod.
    'sim.kymaros.io/start-after': '2s',
  },
  [
    { name: 'DB_URL', value: 'http://db.db-x.svc.cluster.local:8080' },
    { name: 'CACHE_URL', value: 'http://cache.db-x-cache:8080' },
    {
      name: 'DB_HOST',
      valueFrom: { configMapKeyRef: { name: 'web-config', key: 'DB_HOST' } },
    },
    {
      name: 'DB_DSN',
      valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'dsn' } },
    },
  ],
);

const webTier = [
  webDeployment,
  { ...webService, spec: { ...webService.spec, type: 'LoadBalancer' } },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'web-config', namespace: ns.web },
    data: {
      DB_HOST: 'db.db-x:8080',
      CACHE_HOST: 'cache.db-x-cache.svc:8080',
      BILLING_HOST: billing,
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db-credentials', namespace: ns.web },
    data: { dsn: Buffer.from(secretDsn).toString('base64') },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly-report', namespace: ns.web },
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
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: ns.web },
    spec: {
      rules: [
        {
          host: 'shop.example.com',
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
];

const database = [
  ...app(ns.db, 'db', [8080, 5432]),
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'billing', namespace: ns.db },
    data: { LEDGER_URL: ledger },
  },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: 'data',
      namespace: ns.db,
      annotations: {
        'sim.kymaros.io/reclaim-policy': 'Retain',
        'sim.kymaros.io/backup-method': 'none',
      },
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '1Gi' } },
    },
  },
  ...app(ns.cache, 'cache', [8080]),
];

const restoreTest = `
apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: shop }
spec:
  backupSource:
    provider: velero
    backupName: fidelity
    namespaces:
      - { name: ${ns.web}, sandboxName: ${sandbox.web} }
      - { name: ${ns.db}, sandboxName: ${sandbox.db} }
      - { name: ${ns.cache}, sandboxName: ${sandbox.cache} }
  schedule: { cron: "0 3 * * *" }
  sandbox: { networkIsolation: group }
  healthChecks:
    checks:
      - { name: web-ready, type: podStatus, podStatus: { labelSelector: { app: web }, minReady: 1 } }
${['db', 'db-host', 'db-dsn', 'cache']
  .map(
    route => `      - name: web-${route}
        type: httpGet
        namespace: ${ns.web}
        dependsOn: [web-ready]
        httpGet: { service: web, port: 80, path: /${route}, expectedStatus: 200, bodyMatches: "^reached ${
      route === 'cache' ? sandbox.cache : sandbox.db
    }:" }`,
  )
  .join('\n')}
`;

/** Every message and its metadata, from the engine and each child logger. */
function recordingLogger(lines: string[]): LoggerService {
  const log =
    (level: string) =>
    (message: string, meta?: unknown): void => {
      lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
    };
  const logger: LoggerService = {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}

type Simulator = Awaited<ReturnType<typeof testSimulator>>;

/** The sandboxes as the restore left them, and every Velero ConfigMap seen. */
async function readSandboxes(t: Simulator) {
  const apps = t.kc.makeApiClient(k8s.AppsV1Api);
  const batch = t.kc.makeApiClient(k8s.BatchV1Api);
  const networking = t.kc.makeApiClient(k8s.NetworkingV1Api);
  const web = await apps.readNamespacedDeployment({
    namespace: sandbox.web,
    name: 'web',
  });
  const config = (namespace: string, name: string) =>
    t.core.readNamespacedConfigMap({ namespace, name }).then(c => c.data);
  const secret = await t.core.readNamespacedSecret({
    namespace: sandbox.web,
    name: 'db-credentials',
  });
  return {
    env: Object.fromEntries(
      (web.spec!.template.spec!.containers[0].env ?? [])
        .filter(e => e.value !== undefined)
        .map(e => [e.name, e.value]),
    ),
    webConfig: await config(sandbox.web, 'web-config'),
    billingConfig: await config(sandbox.db, 'billing'),
    dsn: Buffer.from(secret.data!.dsn, 'base64').toString('utf8'),
    webServiceType: (
      await t.core.readNamespacedService({
        namespace: sandbox.web,
        name: 'web',
      })
    ).spec!.type,
    cronJobSuspended: (
      await batch.readNamespacedCronJob({
        namespace: sandbox.web,
        name: 'nightly-report',
      })
    ).spec!.suspend,
    ingresses: (
      await networking.listNamespacedIngress({ namespace: sandbox.web })
    ).items.length,
  };
}

describe('sandbox fidelity of a three-namespace app on the simulator', () => {
  let t: Simulator;
  let knex: Knex;
  let s: RestoreReport['status'];
  const logs: string[] = [];
  let view: Awaited<ReturnType<typeof readSandboxes>> | undefined;
  const veleroConfigMaps: string[] = [];
  const sandboxPvs = new Set<string>();
  let sourceVolume: string | undefined;

  /** Reads the sandboxes, Velero's ConfigMaps and the PVs while the run goes on. */
  function watch() {
    let stopped = false;
    const poll = async () => {
      for (const cm of (
        await t.core.listNamespacedConfigMap({ namespace: 'velero' })
      ).items)
        veleroConfigMaps.push(JSON.stringify(cm.data ?? {}));
      for (const pv of (await t.core.listPersistentVolume()).items)
        if (Object.values(sandbox).includes(pv.spec?.claimRef?.namespace ?? ''))
          sandboxPvs.add(pv.metadata!.name!);
      const restores: any = await t.custom.listNamespacedCustomObject(
        t.velero('restores'),
      );
      if (
        restores.items.some((r: any) =>
          ['Completed', 'PartiallyFailed'].includes(r.status?.phase),
        )
      )
        view = await readSandboxes(t);
    };
    const loop = (async () => {
      while (!stopped) {
        await poll().catch(() => undefined);
        await new Promise(r => setTimeout(r, 100));
      }
    })();
    return async () => {
      stopped = true;
      await loop;
    };
  }

  beforeAll(async () => {
    t = await testSimulator({
      scenario: {
        objects: [
          ...Object.values(ns).map(name => ({
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name },
          })),
          ...webTier,
          ...database,
        ],
        backups: [{ name: 'fidelity', includedNamespaces: Object.values(ns) }],
      } as any,
    });
    sourceVolume = (
      await t.core.readNamespacedPersistentVolumeClaim({
        namespace: ns.db,
        name: 'data',
      })
    ).spec!.volumeName;
    if (!sourceVolume) throw new Error('the source claim has no volume');
    // The disaster: production's database is gone; only its sandbox can answer.
    const apps = t.kc.makeApiClient(k8s.AppsV1Api);
    await apps.deleteNamespacedDeployment({ namespace: ns.db, name: 'db' });
    await t.core.deleteNamespacedService({ namespace: ns.db, name: 'db' });

    const engine = await testEngine({
      config: simulatorConfig(t, { podReadyTimeout: '30s' }),
      logger: recordingLogger(logs),
      protectedNamespaces: ['kube-system', 'default'],
    });
    knex = engine.knex;
    const test = await storeFileTest(engine, 'shop', restoreTest);
    const stop = watch();
    try {
      await engine.runner.run(test.id, 'test', AbortSignal.timeout(100_000));
    } finally {
      await stop();
    }
    [{ status: s }] = await engine.store.listReports(test.id, 1);
    if (process.env.KYMAROS_PRINT_REPORTS)
      process.stdout.write(`fidelity: ${JSON.stringify(s, null, 1)}\n`);
  });

  afterAll(async () => {
    await knex?.destroy();
    await t?.sim.stop();
  });

  it('reaches the restored database and cache from the restored web tier', () => {
    expect(
      s.checks.map(
        c =>
          `${c.name}:${c.status}${c.status === 'pass' ? '' : ` ${c.message}`}`,
      ),
    ).toEqual([
      'web-ready:pass',
      'web-db:pass',
      'web-db-host:pass',
      'web-db-dsn:pass',
      'web-cache:pass',
    ]);
  });

  it('rewrites each reference to the sandbox of its own namespace, even when one name starts with another', () => {
    expect(view).toBeDefined();
    expect(view!.env).toEqual({
      DB_URL: 'http://db.db-x-restored.svc.cluster.local:8080',
      CACHE_URL: 'http://cache.db-x-cache-restored:8080',
    });
    expect(view!.webConfig).toEqual({
      DB_HOST: 'db.db-x-restored:8080',
      CACHE_HOST: 'cache.db-x-cache-restored.svc:8080',
      BILLING_HOST: billing,
    });
    expect(view!.dsn).toBe(restoredDsn);
  });

  it('leaves references to namespaces not restored as they are, and reports them', () => {
    expect(view!.billingConfig).toEqual({ LEDGER_URL: ledger });
    expect(
      s.sandboxFidelity!.externalReferences.map(
        r => `${r.object} ${r.namespace}`,
      ),
    ).toEqual(
      expect.arrayContaining([
        `ConfigMap ${ns.web}/web-config db-x-billing`,
        `ConfigMap ${ns.db}/billing billing-x`,
      ]),
    );
  });

  it('brings back nothing that reaches out, and lists what it changed', () => {
    expect(view!.webServiceType).toBe('ClusterIP');
    expect(view!.cronJobSuspended).toBe(true);
    expect(view!.ingresses).toBe(0);
    expect(
      s.sandboxFidelity!.transformations.map(x => `${x.subject}: ${x.change}`),
    ).toEqual(
      expect.arrayContaining([
        `Service ${ns.web}/web: type LoadBalancer → ClusterIP`,
        `CronJob ${ns.web}/nightly-report: suspended`,
        `Ingress ${ns.web}/web: not restored`,
      ]),
    );
  });

  it('lists each rewrite, from and to', () => {
    expect(
      s.sandboxFidelity!.rewrites.map(r => `${r.object} ${r.from} → ${r.to}`),
    ).toEqual(
      expect.arrayContaining([
        `Deployment ${ns.web}/web db.db-x.svc.cluster.local → db.db-x-restored.svc.cluster.local`,
        `Deployment ${ns.web}/web cache.db-x-cache → cache.db-x-cache-restored`,
        `ConfigMap ${ns.web}/web-config db.db-x → db.db-x-restored`,
        `ConfigMap ${ns.web}/web-config cache.db-x-cache.svc → cache.db-x-cache-restored.svc`,
      ]),
    );
  });

  it('rewrites nothing that names a namespace not restored', () => {
    const rewrites = JSON.stringify(s.sandboxFidelity!.rewrites);
    expect(rewrites).not.toContain('billing');
    expect(rewrites).not.toContain(`ConfigMap ${ns.db}/`);
  });

  it('never restores the volume without data, and counts its claim missing', () => {
    expect(s.sandboxFidelity!.volumesNotRestored).toEqual([
      expect.objectContaining({
        claim: `${ns.db}/data`,
        reason: expect.stringMatching(/^no volume data in the backup/),
      }),
    ]);
    expect(s.completeness.pvcs).toMatch(/^0\/1/);
    // Only a new, empty volume may serve the sandbox's claim, never the source's.
    expect(sandboxPvs.size).toBeGreaterThan(0);
    expect(sandboxPvs).not.toContain(sourceVolume);
  });

  it("rewrites the Secret's URL but shows its value nowhere: report, logs, Velero's ConfigMaps", () => {
    const all = [JSON.stringify(s), ...logs, ...veleroConfigMaps].join('\n');
    expect(veleroConfigMaps.length).toBeGreaterThan(0);
    for (const text of [secretDsn, restoredDsn, 'user:pw'])
      expect(all).not.toContain(text);
  });

  it('leaves no sandbox, Restore, modifier ConfigMap or sandbox volume behind', async () => {
    const names = (await t.core.listNamespace()).items.map(
      n => n.metadata!.name!,
    );
    expect(names.filter(n => Object.values(sandbox).includes(n))).toEqual([]);
    const restores: any = await t.custom.listNamespacedCustomObject(
      t.velero('restores'),
    );
    expect(restores.items).toEqual([]);
    const configMaps = await t.core.listNamespacedConfigMap({
      namespace: 'velero',
    });
    expect(
      configMaps.items
        .map(c => c.metadata!.name!)
        .filter(n => n.startsWith('kymaros-')),
    ).toEqual([]);
    const pvs = (await t.core.listPersistentVolume()).items.filter(pv =>
      Object.values(sandbox).includes(pv.spec?.claimRef?.namespace ?? ''),
    );
    expect(pvs).toEqual([]);
  });
});
