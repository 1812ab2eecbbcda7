import { eventually } from '../contract/endpoint';
import { testSimulator } from '../testing';

jest.setTimeout(30_000);

const core = { group: 'core.kubestash.com', version: 'v1alpha1' };
const configuration = (name: string, backups: object[]) => ({
  name,
  namespace: 'backups',
  targetNamespace: 'shop',
  repository: `${name}-repo`,
  backups,
});

describe('the KubeStash restore double', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;

  const snapshotOf = async (repository: string) => {
    const list: any = await t.custom.listNamespacedCustomObject({
      group: 'storage.kubestash.com',
      version: 'v1alpha1',
      namespace: 'backups',
      plural: 'snapshots',
      labelSelector: `kubestash.com/repo-name=${repository}`,
    });
    return list.items[0].metadata.name as string;
  };
  const restore = async (
    name: string,
    repository: string,
    spec: object = {},
  ) => {
    await t.custom.createNamespacedCustomObject({
      ...core,
      plural: 'restoresessions',
      namespace: 'sandbox',
      body: {
        apiVersion: 'core.kubestash.com/v1alpha1',
        kind: 'RestoreSession',
        metadata: { name },
        spec: {
          dataSource: {
            namespace: 'backups',
            repository,
            snapshot: await snapshotOf(repository),
          },
          addon: {
            name: 'kubedump-addon',
            tasks: [{ name: 'manifest-restore' }],
          },
          manifestOptions: { workload: { restoreNamespace: 'sandbox' } },
          ...spec,
        },
      },
    });
  };
  const session = (name: string) =>
    t.custom.getNamespacedCustomObject({
      ...core,
      plural: 'restoresessions',
      namespace: 'sandbox',
      name,
    }) as Promise<any>;
  const paused = async () =>
    (
      (await t.custom.getNamespacedCustomObject({
        ...core,
        plural: 'backupconfigurations',
        namespace: 'backups',
        name: 'good',
      })) as any
    ).spec.paused;

  beforeAll(async () => {
    t = await testSimulator({
      scenario: {
        objects: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'settings', namespace: 'shop' },
          },
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'sandbox' },
          },
        ],
        kubestash: {
          backupConfigurations: [
            configuration('good', [{}]),
            configuration('unknown', [{ restoreFault: 'unknown' }]),
            configuration('stuck', [{ restoreFault: 'stuck' }]),
          ],
        },
      },
    });
  });
  afterAll(() => t?.sim.stop());

  it('pauses the backups of its target while it runs and resumes them before the final step', async () => {
    await restore('with-target', 'good-repo', {
      target: { apiGroup: '', kind: 'Namespace', name: 'shop' },
    });
    const running = await eventually(async () => {
      const s = await session('with-target');
      return s.status?.phase === 'Running' && s;
    });
    expect(running.status.pausedBackups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'BackupConfiguration',
          name: 'good',
          namespace: 'backups',
        }),
      ]),
    );
    expect(await paused()).toBe(true);
    const done = await eventually(async () => {
      const s = await session('with-target');
      return s.status?.phase === 'Succeeded' && s;
    });
    expect(done.status.pausedBackups).toEqual([]);
    expect(await paused()).toBe(false);
  });

  it('ends Unknown with its final step, and never ends a stuck restore', async () => {
    await restore('unknown', 'unknown-repo');
    await restore('stuck', 'stuck-repo');
    const unknown = await eventually(async () => {
      const s = await session('unknown');
      const pushed = s.status?.conditions?.some(
        (c: any) => c.type === 'MetricsPushed',
      );
      return s.status?.phase === 'Unknown' && pushed && s;
    });
    expect(unknown.status.components.dump.phase).toBe('Unknown');
    const stuck = await session('stuck');
    expect(stuck.status.phase).toBe('Running');
    expect(stuck.status.components.dump.phase).toBe('Running');
  });
});
