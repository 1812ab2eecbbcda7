import { ContractEndpoint, contractEndpoint, eventually } from './endpoint';

jest.setTimeout(120_000);

const core = { group: 'core.kubestash.com', version: 'v1alpha1' };
const storage = { group: 'storage.kubestash.com', version: 'v1alpha1' };
const terminal = ['Succeeded', 'Failed', 'Invalid', 'Unknown'];

/**
 * KubeStash's objects as its CRDs serve them: the odd plurals, status
 * subresources, a manifest backup taken by a BackupSession, and a
 * RestoreSession that restores it into another namespace only after its
 * final MetricsPushed step.
 */
describe('contract: KubeStash', () => {
  let ep: ContractEndpoint;
  let src: string;
  let sandbox: string;
  let snapshot: string;

  const create = (
    gv: typeof core,
    plural: string,
    namespace: string,
    kind: string,
    name: string,
    spec: object,
    extra: object = {},
  ) =>
    ep.custom.createNamespacedCustomObject({
      ...gv,
      plural,
      namespace,
      body: {
        apiVersion: `${gv.group}/${gv.version}`,
        kind,
        metadata: { name },
        spec,
        ...extra,
      },
    }) as Promise<any>;
  const get = (
    gv: typeof core,
    plural: string,
    namespace: string,
    name: string,
  ) =>
    ep.custom.getNamespacedCustomObject({
      ...gv,
      plural,
      namespace,
      name,
    }) as Promise<any>;
  const restoreSpec = (snapshotName: string, addon = true) => ({
    dataSource: { namespace: src, repository: 'repo', snapshot: snapshotName },
    ...(addon
      ? {
          addon: {
            name: 'kubedump-addon',
            tasks: [
              {
                name: 'manifest-restore',
                params: { ExcludeResources: 'secrets' },
              },
            ],
          },
        }
      : {}),
    manifestOptions: { workload: { restoreNamespace: sandbox } },
  });
  const finished = (name: string) =>
    eventually(
      async () => {
        const o = await get(core, 'restoresessions', sandbox, name);
        return terminal.includes(o.status?.phase) && o;
      },
      30_000,
      `restoresession ${name} finished`,
    );

  beforeAll(async () => {
    ep = await contractEndpoint();
    src = await ep.namespace('kssrc');
    sandbox = await ep.namespace('kssbx');
    await ep.core.createNamespacedConfigMap({
      namespace: src,
      body: { metadata: { name: 'settings' }, data: { color: 'blue' } },
    });
    await ep.core.createNamespacedSecret({
      namespace: src,
      body: { metadata: { name: 'creds' }, stringData: { password: 'p' } },
    });
    await create(
      core,
      'backupconfigurations',
      src,
      'BackupConfiguration',
      'dump',
      {
        target: { apiGroup: '', kind: 'Namespace', name: src },
        backends: [
          { name: 'default', storageRef: { name: 'default', namespace: src } },
        ],
        sessions: [
          {
            name: 'manifests',
            scheduler: { schedule: '0 0 * * *', jobTemplate: { template: {} } },
            repositories: [
              { name: 'repo', backend: 'default', directory: `/${src}` },
            ],
            addon: {
              name: 'kubedump-addon',
              tasks: [{ name: 'manifest-backup' }],
            },
          },
        ],
      },
    );
    await create(core, 'backupsessions', src, 'BackupSession', 'dump-now', {
      invoker: {
        apiGroup: 'core.kubestash.com',
        kind: 'BackupConfiguration',
        name: 'dump',
      },
      session: 'manifests',
    });
    const session = await eventually(
      async () => {
        const o = await get(core, 'backupsessions', src, 'dump-now');
        return ['Succeeded', 'Failed'].includes(o.status?.phase) && o;
      },
      60_000,
      'the backup session',
    );
    if (session.status.phase !== 'Succeeded')
      throw new Error(
        `The backup session failed: ${JSON.stringify(session.status)}`,
      );
    snapshot = session.status.snapshots[0].name;
  });

  afterAll(async () => {
    await ep?.stop();
  });

  it('labels the Snapshot with the app it holds, and keeps its status behind the status subresource', async () => {
    const snap = await get(storage, 'snapshots', src, snapshot);
    expect(snap.metadata.labels).toMatchObject({
      'kubestash.com/app-ref-namespace': src,
      'kubestash.com/repo-name': 'repo',
    });
    expect(snap.status.phase).toBe('Succeeded');
    expect(snap.status.snapshotTime).toBeTruthy();
    await ep.custom.patchNamespacedCustomObject({
      ...storage,
      plural: 'snapshots',
      namespace: src,
      name: snapshot,
      body: [{ op: 'replace', path: '/status/phase', value: 'Failed' }],
    } as any);
    expect((await get(storage, 'snapshots', src, snapshot)).status.phase).toBe(
      'Succeeded',
    );
  });

  it('serves BackupVerifier under its singular plural', async () => {
    await create(core, 'backupverifier', src, 'BackupVerifier', 'verify', {
      type: 'RestoreOnly',
      restoreOption: {
        target: { apiGroup: '', kind: 'Namespace', name: sandbox },
      },
    });
    expect((await get(core, 'backupverifier', src, 'verify')).spec.type).toBe(
      'RestoreOnly',
    );
    await expect(
      get(core, 'backupverifiers', src, 'verify'),
    ).rejects.toMatchObject({
      code: 404,
    });
  });

  it('restores the manifests into another namespace, Succeeded only after MetricsPushed', async () => {
    const created = await create(
      core,
      'restoresessions',
      sandbox,
      'RestoreSession',
      'restore-ok',
      restoreSpec(snapshot),
      { status: { phase: 'Succeeded' } },
    );
    expect(created.status ?? {}).toEqual({});
    expect(created.spec).toEqual(restoreSpec(snapshot));
    const done = await finished('restore-ok');
    expect(done.status.phase).toBe('Succeeded');
    expect(done.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'MetricsPushed', status: 'True' }),
      ]),
    );
    expect(done.status.components.dump.phase).toBe('Succeeded');
    expect(done.status.duration).toMatch(/s$/);
    const settings = await ep.core.readNamespacedConfigMap({
      name: 'settings',
      namespace: sandbox,
    });
    expect(settings.data).toEqual({ color: 'blue' });
    await expect(
      ep.core.readNamespacedSecret({ name: 'creds', namespace: sandbox }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('is Invalid when validation fails', async () => {
    await create(
      core,
      'restoresessions',
      sandbox,
      'RestoreSession',
      'restore-bad',
      restoreSpec(snapshot, false),
    );
    const done = await finished('restore-bad');
    expect(done.status.phase).toBe('Invalid');
    expect(done.status.conditions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'ValidationPassed', status: 'False' }),
      ]),
    );
  });

  it('stays Pending with the Snapshot dependency not found', async () => {
    await create(
      core,
      'restoresessions',
      sandbox,
      'RestoreSession',
      'restore-wait',
      restoreSpec('missing'),
    );
    const waiting = await eventually(
      async () => {
        const o = await get(core, 'restoresessions', sandbox, 'restore-wait');
        return o.status?.dependencies?.length && o;
      },
      30_000,
      'a dependency report',
    );
    expect(waiting.status.phase).toBe('Pending');
    expect(waiting.status.dependencies[0]).toMatchObject({
      kind: 'Snapshot',
      found: false,
    });
  });
});
