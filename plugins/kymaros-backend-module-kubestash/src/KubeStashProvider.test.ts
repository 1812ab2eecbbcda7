import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { KubeStashProvider } from './KubeStashProvider';

jest.setTimeout(60_000);

const configMap = (namespace: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace },
  data: { currency: 'EUR' },
});
const secret = (namespace: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds', namespace },
  stringData: { password: 'p' },
});

const backupConfiguration = (
  namespace: string,
  backups: object[],
  extra: object = {},
) => ({
  name: `${namespace}-backup`,
  namespace: 'backups',
  targetNamespace: namespace,
  repository: `${namespace}-repo`,
  backups,
  ...extra,
});

const scenario = {
  kubestash: {
    backupConfigurations: [
      backupConfiguration(
        'ledger',
        [
          { age: '3h' },
          { age: '2h', phase: 'Failed' as const },
          { age: '1h' },
          { age: '30m', integrity: false },
        ],
        { schedule: '0 */6 * * *', keepLast: 5 },
      ),
      backupConfiguration('broken', [{ restoreFault: 'fail: disk full' }]),
      // The same Snapshot name in two repository namespaces.
      backupConfiguration('dup', [{ age: '5h' }]),
      { ...backupConfiguration('dup', [{ age: '5h' }]), namespace: 'backups2' },
      backupConfiguration('silent', [
        { restoreFault: 'metrics: pushgateway unreachable' },
      ]),
    ],
  },
  objects: ['ledger', 'broken', 'silent'].flatMap(n => [
    configMap(n),
    secret(n),
  ]),
};

describe('KubeStashProvider', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let provider: KubeStashProvider;
  /** Without a repository namespace: Snapshots count only in the namespace they hold. */
  let anywhere: KubeStashProvider;
  let sandboxCount = 0;

  const sandbox = async () => {
    const name = `kymaros-t${++sandboxCount}`;
    await t.core.createNamespace({ body: { metadata: { name } } });
    return name;
  };
  const sessionIn = (namespace: string, name: string) =>
    t.custom.getNamespacedCustomObject({
      group: 'core.kubestash.com',
      version: 'v1alpha1',
      plural: 'restoresessions',
      namespace,
      name,
    }) as Promise<any>;
  const restore = async (
    backupName: string,
    source: string,
    transforms?: any,
  ) => {
    const target = await sandbox();
    const backup = (await provider.getBackup(backupName))!;
    const handle = await provider.triggerRestore(
      backup,
      { [source]: target },
      {
        runId: 'r1',
        name: 'kymaros-r1',
        labels: { 'kymaros.io/run': 'r1' },
        transforms,
      },
    );
    const outcome = await provider.waitForRestore(handle, {
      signal: AbortSignal.timeout(30_000),
    });
    return { target, handle, outcome };
  };

  beforeAll(async () => {
    t = await testSimulator({ scenario });
    provider = new KubeStashProvider({
      kubeConfig: t.kc,
      logger: mockServices.logger.mock(),
      operatorNamespace: 'kubestash',
      repositoryNamespace: 'backups',
      pollIntervalMs: 50,
    });
    anywhere = new KubeStashProvider({
      kubeConfig: t.kc,
      logger: mockServices.logger.mock(),
      operatorNamespace: 'kubestash',
      pollIntervalMs: 50,
    });
  });

  afterAll(() => t?.sim.stop());

  it('lists the Succeeded Snapshots of a namespace whose integrity held, newest first', async () => {
    const backups = await provider.listBackups(['ledger']);
    expect(backups).toHaveLength(2);
    expect(backups[0].startedAt! > backups[1].startedAt!).toBe(true);
    expect(backups[0]).toMatchObject({
      provider: 'kubestash',
      phase: 'Succeeded',
      includedNamespaces: ['ledger'],
      storageLocation: 'backups/ledger-repo',
      partiallyFailed: false,
    });
    expect((await provider.getLatestBackup(['ledger']))!.name).toBe(
      backups[0].name,
    );
  });

  it('finds no Snapshot covering several namespaces, or one never backed up', async () => {
    expect(await provider.listBackups(['ledger', 'broken'])).toEqual([]);
    expect(await provider.listBackups(['nowhere'])).toEqual([]);
    expect(await provider.getBackup('no-such-snapshot')).toBeUndefined();
  });

  it('refuses a Snapshot name found in two namespaces, saying how to choose', async () => {
    const [{ name }] = await provider.listBackups(['dup']);
    await expect(anywhere.getBackup(name)).rejects.toThrow(
      `KubeStash Snapshot ${name} exists in several namespaces (backups, backups2); set kymaros.providers.kubestash.repositoryNamespace`,
    );
  });

  it('ignores Snapshots labelled for a namespace but kept in another, and will not restore one', async () => {
    // Without a repository namespace, only Snapshots in ledger itself would count.
    expect(await anywhere.listBackups(['ledger'])).toEqual([]);
    const latest = (await provider.getLatestBackup(['ledger']))!;
    const target = await sandbox();
    await expect(
      anywhere.triggerRestore(
        latest,
        { ledger: target },
        { runId: 'r3', name: 'kymaros-r3', labels: {} },
      ),
    ).rejects.toThrow(
      /is kept in namespace backups, neither the namespace it holds nor the configured repository namespace/,
    );
    await expect(sessionIn(target, 'kymaros-r3')).rejects.toMatchObject({
      code: 404,
    });
  });

  it('says the Snapshot lists no objects, so completeness cannot be measured', async () => {
    const backup = (await provider.getLatestBackup(['ledger']))!;
    await expect(provider.getBackupContents(backup)).rejects.toThrow(
      /does not list the objects it holds/,
    );
  });

  it('restores the Snapshot into the sandbox through a RestoreSession there, then removes it', async () => {
    const latest = (await provider.getLatestBackup(['ledger']))!;
    const { target, handle, outcome } = await restore(latest.name, 'ledger', {
      excludedResources: ['secrets'],
      edits: [],
    });
    expect(outcome).toMatchObject({
      phase: 'Completed',
      providerPhase: 'Succeeded',
      errors: 0,
    });
    expect(outcome.startedAt).toBeDefined();
    expect(handle).toMatchObject({ id: 'kymaros-r1', sandboxes: [target] });
    const session = await sessionIn(target, 'kymaros-r1');
    expect(session.metadata.uid).toBe(handle.uid);
    expect(session.spec.dataSource).toEqual({
      namespace: 'backups',
      repository: 'ledger-repo',
      snapshot: latest.name,
    });
    expect(session.spec.addon.tasks[0].params).toMatchObject({
      IncludeNamespaces: 'ledger',
      ExcludeResources: 'secrets',
    });
    const restored = await t.core.readNamespacedConfigMap({
      name: 'settings',
      namespace: target,
    });
    expect(restored.data).toEqual({ currency: 'EUR' });
    await expect(
      t.core.readNamespacedSecret({ name: 'creds', namespace: target }),
    ).rejects.toMatchObject({ code: 404 });

    expect(
      await provider.findRestore('kymaros-r1', { sandboxes: [target] }),
    ).toEqual({
      uid: handle.uid,
      createdAt: session.metadata.creationTimestamp,
    });
    expect(await provider.cleanupRestore({ ...handle, uid: handle.uid! })).toBe(
      'deleted',
    );
    await expect(sessionIn(target, 'kymaros-r1')).rejects.toMatchObject({
      code: 404,
    });
    expect(await provider.cleanupRestore({ ...handle, uid: handle.uid! })).toBe(
      'gone',
    );
    // The Snapshot is KubeStash's backup data: it stays.
    expect(await provider.getBackup(latest.name)).toBeDefined();
  });

  it('reports a failed component in KubeStash words', async () => {
    const { name } = (await provider.getLatestBackup(['broken']))!;
    const { outcome } = await restore(name, 'broken');
    expect(outcome.phase).toBe('Failed');
    expect(outcome.providerPhase).toBe('Failed');
    expect(outcome.messages).toEqual([
      expect.stringContaining('component dump: disk full'),
    ]);
  });

  it('fails a restore whose final metrics step failed, although its component succeeded', async () => {
    const { name } = (await provider.getLatestBackup(['silent']))!;
    const { outcome } = await restore(name, 'silent');
    expect(outcome.phase).toBe('Failed');
    expect(outcome.messages.join('\n')).toMatch(
      /MetricsPushed: FailedToPushMetrics: pushgateway unreachable/,
    );
  });

  describe('refuses before creating anything', () => {
    let backupName: string;
    let target: string;
    const trigger = (
      mapping: Record<string, string>,
      transforms?: any,
      labelSelector?: any,
    ) =>
      provider.getBackup(backupName).then(b =>
        provider.triggerRestore(b!, mapping, {
          runId: 'r2',
          name: 'kymaros-r2',
          labels: {},
          transforms,
          labelSelector,
        }),
      );
    const nothingCreated = () =>
      expect(sessionIn(target, 'kymaros-r2')).rejects.toMatchObject({
        code: 404,
      });

    beforeAll(async () => {
      backupName = (await provider.getLatestBackup(['ledger']))!.name;
      target = await sandbox();
    });

    it('edits it cannot apply', async () => {
      await expect(
        trigger(
          { ledger: target },
          {
            excludedResources: [],
            edits: [
              {
                resource: 'services',
                namespace: 'ledger',
                mergePatch: { spec: {} },
              },
            ],
          },
        ),
      ).rejects.toThrow(/KubeStash cannot change objects/);
      await nothingCreated();
    });

    it('a source namespace the Snapshot does not hold', async () => {
      await expect(trigger({ payments: target })).rejects.toThrow(
        /holds namespace\(s\) ledger, not payments/,
      );
      await nothingCreated();
    });

    it('an excluded resource or label that would smuggle in another filter entry', async () => {
      await expect(
        trigger(
          { ledger: target },
          { excludedResources: ['secrets,configmaps'], edits: [] },
        ),
      ).rejects.toThrow(/Excluded resource "secrets,configmaps"/);
      await expect(
        trigger({ ledger: target }, undefined, {
          app: 'x,IncludeClusterResources',
        }),
      ).rejects.toThrow(/Label selector/);
      await nothingCreated();
    });

    it('an empty mapping', async () => {
      await expect(trigger({})).rejects.toThrow(
        /at least one namespace mapping/,
      );
    });
  });

  it('leaves a session whose name now belongs to another object', async () => {
    const { name } = (await provider.getLatestBackup(['ledger']))!;
    const { target, handle } = await restore(name, 'ledger');
    expect(
      await provider.cleanupRestore({
        ...handle,
        uid: '00000000-0000-0000-0000-000000000000',
      }),
    ).toBe('not-ours');
    expect((await sessionIn(target, handle.id)).metadata.uid).toBe(handle.uid);
    expect(await provider.findRestore(handle.id)).toBeUndefined();
    expect(
      await provider.findRestore(handle.id, { sandboxes: [] }),
    ).toBeUndefined();
  });

  it('lists the BackupConfiguration covering a namespace with its cron, retention and last outcomes', async () => {
    const [schedule, ...rest] = await provider.listSchedules([
      'ledger',
      'elsewhere',
    ]);
    expect(rest).toEqual([]);
    expect(schedule).toMatchObject({
      provider: 'kubestash',
      kind: 'BackupConfiguration',
      name: 'ledger-backup',
      namespace: 'backups',
      cron: '0 */6 * * *',
      paused: false,
      retention: 'keep last 5; at most 30d',
      namespaces: ['ledger'],
      lastFailure: { reason: 'simulated backup failure' },
    });
    expect(schedule.lastSuccess!.at > schedule.lastFailure!.at).toBe(true);
  });

  it('bars tests from the operator and repository namespaces without allowing anything but its own backup sessions there', () => {
    const entry = (namespace: string) => ({
      namespace,
      group: 'core.kubestash.com',
      plural: 'backupsessions',
      namePrefix: 'kymaros-',
      createOnly: true,
    });
    expect(provider.ownedObjects).toEqual([
      entry('kubestash'),
      entry('backups'),
    ]);
    expect(anywhere.ownedObjects).toEqual([entry('kubestash')]);
  });
});
