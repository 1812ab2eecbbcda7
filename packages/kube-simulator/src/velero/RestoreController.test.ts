import { gunzipSync } from 'node:zlib';
import * as k8s from '@kubernetes/client-node';
import { eventually, fetchObject } from '../contract/endpoint';
import { testSimulator } from '../testing';

jest.setTimeout(30_000);

const terminal = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'];

const claim = (name: string, method: string, policy = 'Delete') => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: {
    name,
    namespace: 'shop',
    annotations: {
      'sim.kymaros.io/backup-method': method,
      'sim.kymaros.io/reclaim-policy': policy,
    },
  },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
  },
});

const objects = [
  claim('files', 'PodVolumeBackup', 'Retain'),
  claim('cache', 'none'),
  claim('logs', 'none', 'Retain'),
  claim('db', 'NativeSnapshot', 'Retain'),
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'shop' },
    data: { url: 'http://api.shop:8080', mode: 'prod' },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'web:1',
              env: [{ name: 'DB_HOST', value: 'db.shop.svc' }],
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: 'shop' },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'job', image: 'job:1' }],
            },
          },
        },
      },
    },
  },
];

const modifierRules = {
  version: 'v1',
  resourceModifierRules: [
    {
      // Conditions see the backed-up namespace, not the mapped one.
      conditions: { groupResource: 'configmaps', namespaces: ['shop'] },
      patches: [
        { operation: 'test', path: '/data/url', value: 'http://api.shop:8080' },
        {
          operation: 'replace',
          path: '/data/url',
          value: 'http://api.sandbox:8080',
        },
      ],
    },
    {
      conditions: { groupResource: 'configmaps', namespaces: ['sandbox'] },
      patches: [{ operation: 'replace', path: '/data/mode', value: 'wrong' }],
    },
    {
      conditions: { groupResource: 'deployments.apps' },
      patches: [
        {
          operation: 'replace',
          path: '/spec/template/spec/containers/0/env/0/value',
          value: 'db.sandbox.svc',
        },
      ],
    },
    {
      conditions: { groupResource: 'cronjobs.batch' },
      mergePatches: [{ patchData: 'spec:\n  suspend: true' }],
    },
    {
      conditions: { groupResource: 'configmaps', resourceNameRegex: '^set' },
      patches: [{ operation: 'remove', path: '/data/absent' }],
    },
  ],
};

describe('RestoreController', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;

  beforeAll(async () => {
    t = await testSimulator({
      scenario: {
        objects,
        backups: [{ name: 'b1', includedNamespaces: ['shop'] }],
      },
    });
  });

  afterAll(() => t.sim.stop());

  const restore = async (name: string, spec: object) => {
    await t.createVelero('restores', 'Restore', name, {
      backupName: 'b1',
      includedNamespaces: ['shop'],
      ...spec,
    });
    return eventually(async () => {
      const r = await t.getVelero('restores', name);
      return terminal.includes(r.status?.phase) && r;
    });
  };

  const download = async (kind: string, target: string) => {
    const name = `dl-${target}-${kind.toLowerCase()}`;
    await t.createVelero('downloadrequests', 'DownloadRequest', name, {
      target: { kind, name: target },
    });
    const url = await eventually(
      async () =>
        (
          await t.getVelero('downloadrequests', name)
        ).status?.downloadURL,
    );
    const { body } = await fetchObject(url, t.sim.caData);
    return JSON.parse(gunzipSync(body).toString('utf8'));
  };

  const readClaim = (ns: string, name: string) =>
    t.core.readNamespacedPersistentVolumeClaim({ namespace: ns, name });

  it('applies resource modifiers before the namespace is mapped, and reports patches that fail', async () => {
    await t.core.createNamespacedConfigMap({
      namespace: t.sim.veleroNamespace,
      body: {
        metadata: { name: 'mods' },
        data: { 'rules.yaml': JSON.stringify(modifierRules) },
      },
    });
    const done = await restore('r-mod', {
      namespaceMapping: { shop: 'sandbox' },
      resourceModifier: { kind: 'ConfigMap', name: 'mods' },
    });

    expect(done.status.phase).toBe('PartiallyFailed');
    const cm = await t.core.readNamespacedConfigMap({
      namespace: 'sandbox',
      name: 'settings',
    });
    expect(cm.data).toEqual({ url: 'http://api.sandbox:8080', mode: 'prod' });
    const web = await t.apps.readNamespacedDeployment({
      namespace: 'sandbox',
      name: 'web',
    });
    expect(web.spec!.template.spec!.containers[0].env).toEqual([
      { name: 'DB_HOST', value: 'db.sandbox.svc' },
    ]);
    const cron = await t.kc
      .makeApiClient(k8s.BatchV1Api)
      .readNamespacedCronJob({ namespace: 'sandbox', name: 'nightly' });
    expect(cron.spec!.suspend).toBe(true);
    const results = await download('RestoreResults', 'r-mod');
    expect(results.errors.namespaces.sandbox).toEqual([
      'error in applying patch error in applying JSON Patch remove operation does not apply: doc is missing path: "/data/absent": missing value',
    ]);
  });

  it.each([
    [
      'a ConfigMap that is missing',
      'absent',
      undefined,
      'failed to get resource modifiers configmap velero/absent',
    ],
    [
      'rules of an unknown version',
      'v2-rules',
      'version: v2\nresourceModifierRules: []',
      'Validation error in resource modifiers provided in configmap velero/v2-rules: unsupported resource modifier version v2',
    ],
  ])('fails validation on %s', async (_, name, rules, message) => {
    if (rules)
      await t.core.createNamespacedConfigMap({
        namespace: t.sim.veleroNamespace,
        body: { metadata: { name }, data: { 'rules.yaml': rules } },
      });
    const done = await restore(`r-${name}`, {
      namespaceMapping: { shop: `sb-${name}` },
      resourceModifier: { kind: 'ConfigMap', name },
    });
    expect(done.status).toEqual({
      phase: 'FailedValidation',
      validationErrors: [message],
    });
  });

  it('writes the backup’s volume info, skipped volumes first', async () => {
    const infos = await download('BackupVolumeInfos', 'b1');
    const entries = infos.map((i: any) => [
      i.pvcName,
      i.backupMethod ?? '',
      i.skipped,
    ]);
    expect(entries.slice(0, 2)).toEqual(
      expect.arrayContaining([
        ['cache', '', true],
        ['logs', '', true],
      ]),
    );
    expect(entries.slice(2)).toEqual([
      ['db', 'NativeSnapshot', false],
      ['files', 'PodVolumeBackup', false],
    ]);
    const logs = await readClaim('shop', 'logs');
    expect(infos.find((i: any) => i.pvcName === 'logs')).toMatchObject({
      pvcNamespace: 'shop',
      pvName: logs.spec!.volumeName,
      pvInfo: { reclaimPolicy: 'Retain', labels: null },
    });
  });

  it('restores each volume as Velero does for how its data was taken', async () => {
    const source = async (name: string) =>
      (await readClaim('shop', name)).spec!.volumeName!;
    const [files, cache, logs, db] = await Promise.all(
      ['files', 'cache', 'logs', 'db'].map(source),
    );
    // The Retain volume without data is gone from the cluster, as after a disaster.
    const logsPv = await t.core.readPersistentVolume({ name: logs });
    await t.core.deletePersistentVolume({ name: logs });

    const done = await restore('r-vol', { namespaceMapping: { shop: 'sb2' } });
    expect(done.status.phase).toBe('Completed');
    const bound = (name: string) =>
      eventually(async () => {
        const c = await readClaim('sb2', name);
        return c.status?.phase === 'Bound' && c.spec!.volumeName!;
      });

    // Pod-volume backup and no data with Delete: new, empty volumes.
    expect(await bound('files')).not.toBe(files);
    expect(await bound('cache')).not.toBe(cache);
    // No data with Retain: the same PV, same storage, now claimed by the sandbox.
    expect(await bound('logs')).toBe(logs);
    const sharedPv = await t.core.readPersistentVolume({ name: logs });
    expect(sharedPv.spec!.hostPath).toEqual(logsPv.spec!.hostPath);
    expect(sharedPv.spec!.claimRef).toMatchObject({
      namespace: 'sb2',
      name: 'logs',
      uid: (await readClaim('sb2', 'logs')).metadata!.uid,
    });
    // A native snapshot: a new volume under a new name, since the name is taken.
    const clone = await bound('db');
    expect(clone).toMatch(/^velero-clone-/);
    const clonePv = await t.core.readPersistentVolume({ name: clone });
    expect(clonePv.metadata!.annotations).toMatchObject({
      'velero.io/original-pv-name': db,
    });

    const list = await download('RestoreResourceList', 'r-vol');
    expect(list['v1/PersistentVolume']).toEqual(
      [
        `${cache}(skipped)`,
        `${clone}(created)`,
        `${files}(skipped)`,
        `${logs}(created)`,
      ].sort(),
    );
  });

  it('keeps the claims’ volume names when volumes are excluded from the restore', async () => {
    const files = (await readClaim('shop', 'files')).spec!.volumeName;
    const done = await restore('r-nopv', {
      namespaceMapping: { shop: 'sb3' },
      excludedResources: ['persistentvolumes'],
    });
    expect(done.status.phase).toBe('Completed');
    expect((await readClaim('sb3', 'files')).spec!.volumeName).toBe(files);
    const list = await download('RestoreResourceList', 'r-nopv');
    expect(list['v1/PersistentVolume']).toBeUndefined();
  });
});
