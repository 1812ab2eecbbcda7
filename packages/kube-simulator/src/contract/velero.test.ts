import { gunzipSync } from 'node:zlib';
import * as k8s from '@kubernetes/client-node';
import {
  ContractEndpoint,
  contractEndpoint,
  eventually,
  fetchObject,
} from './endpoint';

jest.setTimeout(120_000);

const terminal = ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation'];

describe('contract: Velero', () => {
  let ep: ContractEndpoint;
  let src: string;
  let other: string;
  const made: { plural: string; name: string }[] = [];

  const velero = (plural: string) => ({
    group: 'velero.io',
    version: 'v1',
    namespace: ep.veleroNamespace,
    plural,
  });
  const create = async (
    plural: string,
    kind: string,
    name: string,
    spec: object,
  ) => {
    made.push({ plural, name });
    return (await ep.custom.createNamespacedCustomObject({
      ...velero(plural),
      body: { apiVersion: 'velero.io/v1', kind, metadata: { name }, spec },
    })) as any;
  };
  const get = async (plural: string, name: string) =>
    (await ep.custom.getNamespacedCustomObject({
      ...velero(plural),
      name,
    })) as any;
  const until = (
    plural: string,
    name: string,
    phases: string[],
    timeout = 60_000,
  ) =>
    eventually(
      async () => {
        const o = await get(plural, name);
        return phases.includes(o.status?.phase) && o;
      },
      timeout,
      `${plural}/${name} in ${phases.join('|')}`,
    );
  /** Object storage is trusted through the location's caCert, as Velero's own CLI does. */
  const storageCa = async () => {
    const ca = (await get('backupstoragelocations', 'default')).spec
      .objectStorage.caCert;
    return ca ? Buffer.from(ca, 'base64').toString('utf8') : undefined;
  };
  const download = async (kind: string, target: string) => {
    const name = `dl-${target}-${kind.toLowerCase()}`.slice(0, 63);
    await create('downloadrequests', 'DownloadRequest', name, {
      target: { kind, name: target },
    });
    const dr = await until('downloadrequests', name, ['Processed'], 30_000);
    const res = await fetchObject(dr.status.downloadURL, await storageCa());
    return { res, dr, bytes: res.body };
  };
  const suffix = Math.random().toString(36).slice(2, 7);

  beforeAll(async () => {
    ep = await contractEndpoint();
    src = await ep.namespace('vsrc');
    other = await ep.namespace('vother');
    await ep.core.createNamespacedConfigMap({
      namespace: src,
      body: {
        metadata: { name: 'settings', labels: { app: 'shop' } },
        data: { color: 'blue' },
      },
    });
    await ep.core.createNamespacedSecret({
      namespace: src,
      body: {
        metadata: { name: 'creds', labels: { app: 'shop' } },
        stringData: { password: 'p' },
      },
    });
    await ep.apps.createNamespacedDeployment({
      namespace: src,
      body: {
        metadata: { name: 'shop', labels: { app: 'shop' } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'shop' } },
          template: {
            metadata: { labels: { app: 'shop' } },
            spec: {
              containers: [
                {
                  name: 'shop',
                  image: 'shop:1',
                  ports: [{ containerPort: 8080 }],
                },
              ],
            },
          },
        },
      },
    });
    await ep.core.createNamespacedService({
      namespace: src,
      body: {
        metadata: { name: 'shop', labels: { app: 'shop' } },
        spec: {
          selector: { app: 'shop' },
          ports: [{ port: 80, targetPort: 8080 as any }],
        },
      },
    });
    await ep.core.createNamespacedConfigMap({
      namespace: other,
      body: { metadata: { name: 'other-settings' }, data: { a: 'b' } },
    });
  });

  afterAll(async () => {
    for (const { plural, name } of made.reverse())
      await ep.custom
        .deleteNamespacedCustomObject({ ...velero(plural), name })
        .catch(() => undefined);
    await ep.stop();
  });

  it('has an Available default BackupStorageLocation', async () => {
    const bsl = await get('backupstoragelocations', 'default');
    expect(bsl.status.phase).toBe('Available');
  });

  it('takes a backup: empty phase, InProgress, Completed with timestamps and a resource list', async () => {
    const created = await create('backups', 'Backup', `b1-${suffix}`, {
      includedNamespaces: [src, other],
      storageLocation: 'default',
      ttl: '1h0m0s',
    });
    expect(created.status?.phase ?? '').toBe('');
    const done = await until('backups', `b1-${suffix}`, [
      'Completed',
      'PartiallyFailed',
      'Failed',
      'FailedValidation',
    ]);
    expect(done.status.phase).toBe('Completed');
    expect(Date.parse(done.status.completionTimestamp)).toBeGreaterThanOrEqual(
      Date.parse(done.status.startTimestamp),
    );
    expect(done.status.expiration).toBeDefined();
    const { res, bytes } = await download('BackupResourceList', `b1-${suffix}`);
    expect(res.status).toBe(200);
    const list = JSON.parse(gunzipSync(bytes).toString('utf8'));
    expect(list['v1/ConfigMap']).toEqual(
      expect.arrayContaining([`${src}/settings`, `${other}/other-settings`]),
    );
    expect(list['v1/Secret']).toContain(`${src}/creds`);
    expect(list['apps/v1/Deployment']).toEqual([`${src}/shop`]);
    expect(list['v1/Service']).toEqual([`${src}/shop`]);
    expect(list['v1/Namespace']).toEqual(expect.arrayContaining([src, other]));
  });

  it('restores into a mapped namespace the objects as they were at backup time', async () => {
    // Changed after the backup: the restore must bring back "blue".
    await ep.core.patchNamespacedConfigMap(
      { namespace: src, name: 'settings', body: { data: { color: 'red' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const target = `${src}-sb`;
    const r = await create('restores', 'Restore', `r1-${suffix}`, {
      backupName: `b1-${suffix}`,
      includedNamespaces: [src],
      namespaceMapping: { [src]: target },
    });
    expect(r.status?.phase ?? '').toBe('');
    const done = await until('restores', `r1-${suffix}`, terminal);
    try {
      expect(done.status.phase).toBe('Completed');
      expect(
        Date.parse(done.status.completionTimestamp),
      ).toBeGreaterThanOrEqual(Date.parse(done.status.startTimestamp));
      const cm = await ep.core.readNamespacedConfigMap({
        namespace: target,
        name: 'settings',
      });
      expect(cm.data).toEqual({ color: 'blue' });
      expect(cm.metadata!.labels).toMatchObject({
        'velero.io/backup-name': `b1-${suffix}`,
        'velero.io/restore-name': `r1-${suffix}`,
      });
      await ep.core.readNamespacedSecret({ namespace: target, name: 'creds' });
      await ep.apps.readNamespacedDeployment({
        namespace: target,
        name: 'shop',
      });
      // Only the included namespace came back.
      expect(
        (await ep.core.listNamespacedConfigMap({ namespace: `${other}-sb` }))
          .items,
      ).toHaveLength(0);

      const results = JSON.parse(
        gunzipSync(
          (await download('RestoreResults', `r1-${suffix}`)).bytes,
        ).toString('utf8'),
      );
      expect(results).toHaveProperty('errors');
      expect(results).toHaveProperty('warnings');
      const restored = JSON.parse(
        gunzipSync(
          (await download('RestoreResourceList', `r1-${suffix}`)).bytes,
        ).toString('utf8'),
      );
      expect(restored['v1/ConfigMap']).toContain(`${target}/settings(created)`);
    } finally {
      await ep.core.deleteNamespace({ name: target }).catch(() => undefined);
    }
  });

  it('restores an included namespace that is not mapped in place', async () => {
    await ep.core.deleteNamespacedConfigMap({
      namespace: other,
      name: 'other-settings',
    });
    const done = await (async () => {
      await create('restores', 'Restore', `r2-${suffix}`, {
        backupName: `b1-${suffix}`,
        includedNamespaces: [other],
      });
      return until('restores', `r2-${suffix}`, terminal);
    })();
    expect(['Completed', 'PartiallyFailed']).toContain(done.status.phase);
    const back = await ep.core.readNamespacedConfigMap({
      namespace: other,
      name: 'other-settings',
    });
    expect(back.data).toEqual({ a: 'b' });
  });

  it('fails validation without timestamps when the backup does not exist', async () => {
    await create('restores', 'Restore', `r3-${suffix}`, {
      backupName: 'no-such-backup',
      includedNamespaces: [src],
      namespaceMapping: { [src]: `${src}-x` },
    });
    const done = await until('restores', `r3-${suffix}`, terminal);
    expect(done.status.phase).toBe('FailedValidation');
    expect(done.status.validationErrors.join(' ')).toContain('no-such-backup');
    expect(done.status.startTimestamp).toBeUndefined();
    expect(done.status.completionTimestamp).toBeUndefined();
  });

  it('processes restores one at a time', async () => {
    const names = [`q1-${suffix}`, `q2-${suffix}`];
    for (const [i, n] of names.entries()) {
      await create('restores', 'Restore', n, {
        backupName: `b1-${suffix}`,
        includedNamespaces: [src],
        namespaceMapping: { [src]: `${src}-q${i}` },
      });
    }
    try {
      // Sample both restores' phases until both are terminal. Velero runs one
      // restore's InProgress phase at a time; the completion timestamp is set
      // later (after Finalizing), so the next may start before it.
      let bothInProgress = 0;
      await eventually(
        async () => {
          const phases = await Promise.all(
            names.map(async n => (await get('restores', n)).status?.phase),
          );
          if (phases.every(p => p === 'InProgress')) bothInProgress++;
          return phases.every(p => terminal.includes(p));
        },
        60_000,
        'both restores terminal',
      );
      expect(bothInProgress).toBe(0);
      const [first, second] = await Promise.all(
        names.map(n => get('restores', n)),
      );
      expect(first.status.phase).toBe('Completed');
      expect(second.status.phase).toBe('Completed');
      expect(Date.parse(second.status.startTimestamp)).toBeGreaterThanOrEqual(
        Date.parse(first.status.startTimestamp),
      );
    } finally {
      for (let i = 0; i < names.length; i++)
        await ep.core
          .deleteNamespace({ name: `${src}-q${i}` })
          .catch(() => undefined);
    }
  });

  it('applies a resource-modifier ConfigMap: JSON patches after a test, a merge patch, a failed test that leaves the object alone', async () => {
    const ns = await ep.namespace('vmod');
    const target = `${ns}-sb`;
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: {
        metadata: { name: 'settings' },
        data: { url: `http://api.${ns}:8080` },
      },
    });
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'untouched' }, data: { color: 'blue' } },
    });
    await ep.apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'web' },
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
                  env: [{ name: 'DB_HOST', value: `db.${ns}.svc` }],
                },
              ],
            },
          },
        },
      },
    });
    await ep.batch.createNamespacedCronJob({
      namespace: ns,
      body: {
        metadata: { name: 'nightly' },
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
    });
    await create('backups', 'Backup', `bm-${suffix}`, {
      includedNamespaces: [ns],
      storageLocation: 'default',
      ttl: '1h0m0s',
    });
    expect(
      (await until('backups', `bm-${suffix}`, terminal)).status.phase,
    ).toBe('Completed');
    const env = '/spec/template/spec/containers/0/env/0/value';
    const rules = {
      version: 'v1',
      resourceModifierRules: [
        {
          conditions: {
            groupResource: 'configmaps',
            resourceNameRegex: '^settings$',
            namespaces: [ns],
          },
          patches: [
            {
              operation: 'test',
              path: '/data/url',
              value: `http://api.${ns}:8080`,
            },
            {
              operation: 'replace',
              path: '/data/url',
              value: `http://api.${target}:8080`,
            },
          ],
        },
        {
          conditions: {
            groupResource: 'deployments.apps',
            resourceNameRegex: '^web$',
          },
          patches: [
            { operation: 'test', path: env, value: `db.${ns}.svc` },
            { operation: 'replace', path: env, value: `db.${target}.svc` },
          ],
        },
        {
          conditions: { groupResource: 'cronjobs.batch' },
          mergePatches: [{ patchData: '{"spec": {"suspend": true}}' }],
        },
        {
          conditions: {
            groupResource: 'configmaps',
            resourceNameRegex: '^untouched$',
          },
          patches: [
            { operation: 'test', path: '/data/color', value: 'red' },
            { operation: 'replace', path: '/data/color', value: 'green' },
          ],
        },
      ],
    };
    const modifiers = `mods-${suffix}`;
    await ep.core.createNamespacedConfigMap({
      namespace: ep.veleroNamespace,
      body: {
        metadata: { name: modifiers },
        // JSON is YAML, so Velero reads this document as it is.
        data: { 'modifiers.yaml': JSON.stringify(rules) },
      },
    });
    try {
      await create('restores', 'Restore', `rm-${suffix}`, {
        backupName: `bm-${suffix}`,
        includedNamespaces: [ns],
        namespaceMapping: { [ns]: target },
        resourceModifier: { kind: 'ConfigMap', name: modifiers },
      });
      const done = await until('restores', `rm-${suffix}`, terminal);
      expect(done.status.phase).toBe('Completed');
      const read = (name: string) =>
        ep.core.readNamespacedConfigMap({ namespace: target, name });
      expect((await read('settings')).data).toEqual({
        url: `http://api.${target}:8080`,
      });
      expect((await read('untouched')).data).toEqual({ color: 'blue' });
      const web = await ep.apps.readNamespacedDeployment({
        namespace: target,
        name: 'web',
      });
      expect(web.spec!.template.spec!.containers[0].env).toEqual([
        { name: 'DB_HOST', value: `db.${target}.svc` },
      ]);
      const cron = await ep.batch.readNamespacedCronJob({
        namespace: target,
        name: 'nightly',
      });
      expect(cron.spec!.suspend).toBe(true);
    } finally {
      await ep.core
        .deleteNamespacedConfigMap({
          namespace: ep.veleroNamespace,
          name: modifiers,
        })
        .catch(() => undefined);
      await ep.core.deleteNamespace({ name: target }).catch(() => undefined);
    }
  });

  it('fails validation when the resource-modifier ConfigMap does not exist', async () => {
    await create('restores', 'Restore', `rmx-${suffix}`, {
      backupName: `b1-${suffix}`,
      includedNamespaces: [src],
      namespaceMapping: { [src]: `${src}-rmx` },
      resourceModifier: { kind: 'ConfigMap', name: `absent-${suffix}` },
    });
    const done = await until('restores', `rmx-${suffix}`, terminal);
    expect(done.status.phase).toBe('FailedValidation');
    expect(done.status.validationErrors).toEqual([
      `failed to get resource modifiers configmap ${ep.veleroNamespace}/absent-${suffix}`,
    ]);
    expect(done.status.startTimestamp).toBeUndefined();
    // Velero writes back what it adds to every restore, valid or not.
    expect(done.spec.excludedResources).toEqual(
      expect.arrayContaining(['nodes', 'events', 'restores.velero.io']),
    );
    expect(done.spec.itemOperationTimeout).toBe('4h0m0s');
  });

  it('describes the volumes of a backup in its BackupVolumeInfos', async () => {
    const ns = await ep.namespace('vvol');
    await ep.core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: {
        metadata: {
          name: 'data',
          // The simulator's stand-in for a cluster without snapshotters.
          annotations: { 'sim.kymaros.io/backup-method': 'none' },
        },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
        },
      },
    });
    const claim = await eventually(
      async () => {
        const c = await ep.core.readNamespacedPersistentVolumeClaim({
          namespace: ns,
          name: 'data',
        });
        return c.status?.phase === 'Bound' && c;
      },
      30_000,
      'claim data Bound',
    );
    await create('backups', 'Backup', `bv-${suffix}`, {
      includedNamespaces: [ns],
      storageLocation: 'default',
      ttl: '1h0m0s',
    });
    expect(
      (await until('backups', `bv-${suffix}`, terminal)).status.phase,
    ).toBe('Completed');
    const { res, bytes } = await download('BackupVolumeInfos', `bv-${suffix}`);
    expect(res.status).toBe(200);
    const infos = JSON.parse(gunzipSync(bytes).toString('utf8'));
    const pv = await ep.core.readPersistentVolume({
      name: claim.spec!.volumeName!,
    });
    expect(infos).toEqual([
      expect.objectContaining({
        pvcName: 'data',
        pvcNamespace: ns,
        pvName: claim.spec!.volumeName,
        snapshotDataMoved: false,
        skipped: true,
        skippedReason: expect.stringContaining(
          'no applicable volumesnapshotter found',
        ),
        pvInfo: expect.objectContaining({
          reclaimPolicy: pv.spec!.persistentVolumeReclaimPolicy,
        }),
      }),
    ]);
    expect(infos[0].backupMethod).toBeUndefined();
  });

  it('serves download URLs straight from object storage, without Kubernetes credentials, gzipped', async () => {
    const { res, dr, bytes } = await download('BackupResults', `b1-${suffix}`);
    expect(res.status).toBe(200);
    expect(Date.parse(dr.status.expiration) - Date.now()).toBeGreaterThan(
      8 * 60 * 1000,
    );
    expect(Date.parse(dr.status.expiration) - Date.now()).toBeLessThanOrEqual(
      10 * 60 * 1000 + 2000,
    );
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toHaveProperty(
      'errors',
    );
  });
});
