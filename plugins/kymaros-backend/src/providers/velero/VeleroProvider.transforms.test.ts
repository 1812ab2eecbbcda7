import { mockServices } from '@backstage/backend-test-utils';
import type { RestoreTransforms } from '@kymaros/plugin-kymaros-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { WriteGuard } from '../../sandbox/WriteGuard';
import { guardedKubeConfig } from '../../sandbox/guardedKubeConfig';
import { VeleroProvider } from './VeleroProvider';
import { excludedFromSandboxRestores } from './sandboxRestoreSpec';

jest.setTimeout(60_000);

const transforms: RestoreTransforms = {
  excludedResources: ['ingresses.networking.k8s.io', 'widgets.e2e.kymaros.io'],
  edits: [
    {
      resource: 'services',
      namespace: 'shop',
      name: 'web',
      when: [{ path: '/spec/type', value: 'LoadBalancer' }],
      jsonPatch: [{ op: 'replace', path: '/spec/type', value: 'ClusterIP' }],
    },
    {
      resource: 'configmaps',
      namespace: 'shop',
      name: 'cfg',
      mergePatch: {
        data: { url: 'http://db.sb-shop-db.svc:5432', on: 'true' },
      },
    },
  ],
};

/** The rules of these edits, as Velero reads them. */
const rulesYaml = `version: "v1"
resourceModifierRules:
  - conditions:
      groupResource: "services"
      namespaces:
        - "shop"
      resourceNameRegex: "^web$"
      matches:
        - path: "/spec/type"
          value: "\\"LoadBalancer\\""
    patches:
      - operation: "replace"
        path: "/spec/type"
        value: "\\"ClusterIP\\""
  - conditions:
      groupResource: "configmaps"
      namespaces:
        - "shop"
      resourceNameRegex: "^cfg$"
    mergePatches:
      - patchData: "{\\"data\\":{\\"url\\":\\"http://db.sb-shop-db.svc:5432\\",\\"on\\":\\"true\\"}}"
`;

describe('VeleroProvider restores with transforms', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let provider: VeleroProvider;
  const options = (name: string, extra: Partial<RestoreTransforms> = {}) => ({
    runId: name,
    name,
    labels: { 'kymaros.io/run': name },
    transforms: { ...transforms, ...extra },
  });
  const readConfigMap = (name: string) =>
    t.core.readNamespacedConfigMap({ namespace: 'velero', name });
  const backup = async () => (await provider.getBackup('shop'))!;

  beforeAll(async () => {
    t = await testSimulator({
      scenario: {
        objects: [
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'web', namespace: 'shop' },
            spec: {
              type: 'LoadBalancer',
              ports: [{ port: 80 }],
              selector: { app: 'web' },
            },
          },
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cfg', namespace: 'shop' },
            data: { url: 'http://db.shop-db.svc:5432' },
          },
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'velero-plugin-config', namespace: 'velero' },
            data: { a: '1' },
          },
        ],
        backups: [{ name: 'shop', includedNamespaces: ['shop'], age: '1h' }],
      },
    });
    // As the engine builds it: behind a write guard that knows only what the provider owns.
    const owned: ConstructorParameters<typeof WriteGuard>[0] = [];
    provider = new VeleroProvider({
      kubeConfig: guardedKubeConfig(t.kc, new WriteGuard(owned)),
      namespace: 'velero',
      logger: mockServices.logger.mock(),
    });
    owned.push(...provider.ownedObjects);
  });
  afterAll(() => t.sim.stop());

  it('creates the modifiers ConfigMap owned by the Restore, which names it and the exclusions', async () => {
    await t.core.createNamespace({ body: { metadata: { name: 'sb-shop' } } });
    const handle = await provider.triggerRestore(
      await backup(),
      { shop: 'sb-shop' },
      options('kymaros-t1'),
    );
    const configMap = await readConfigMap('kymaros-t1');
    expect(configMap.metadata!.labels).toEqual({
      'kymaros.io/run': 'kymaros-t1',
    });
    expect(configMap.data).toEqual({ 'modifiers.yaml': rulesYaml });
    expect(configMap.metadata!.ownerReferences).toEqual([
      {
        apiVersion: 'velero.io/v1',
        kind: 'Restore',
        name: 'kymaros-t1',
        uid: handle.uid,
      },
    ]);
    const restore = await t.getVelero('restores', 'kymaros-t1');
    expect(restore.spec.resourceModifier).toEqual({
      kind: 'ConfigMap',
      name: 'kymaros-t1',
    });
    // Each once, in this order; Velero appends the kinds it never restores.
    expect(
      restore.spec.excludedResources.slice(
        0,
        excludedFromSandboxRestores.length + 1,
      ),
    ).toEqual([...excludedFromSandboxRestores, 'widgets.e2e.kymaros.io']);
    expect(
      restore.spec.excludedResources.filter(
        (r: string) => r === 'ingresses.networking.k8s.io',
      ),
    ).toHaveLength(1);
    // Velero's own configuration beside it is untouched.
    expect((await readConfigMap('velero-plugin-config')).data).toEqual({
      a: '1',
    });
  });

  it('removes the ConfigMap of a restore it created, and Kubernetes removes it with the Restore', async () => {
    const recordedAt = new Date().toISOString();
    const first = (await provider.findRestore('kymaros-t1'))!;
    await expect(
      provider.cleanupRestoreCompanions('kymaros-t1', {
        restoreUid: first.uid,
        recordedAt,
      }),
    ).resolves.toEqual(['kymaros-t1']);
    await expect(readConfigMap('kymaros-t1')).rejects.toMatchObject({
      code: 404,
    });
    await expect(
      provider.cleanupRestoreCompanions('kymaros-t1', {
        restoreUid: first.uid,
        recordedAt,
      }),
    ).resolves.toEqual([]);

    const handle = await provider.triggerRestore(
      await backup(),
      { shop: 'sb-shop-2' },
      options('kymaros-t2'),
    );
    await provider.cleanupRestore({ ...handle, uid: handle.uid! });
    await waitFor(async () => {
      await expect(readConfigMap('kymaros-t2')).rejects.toMatchObject({
        code: 404,
      });
    });
  });

  it('removes an ownerless ConfigMap created after the record (a crash before the Restore)', async () => {
    const recordedAt = new Date(Date.now() - 1000).toISOString();
    await t.core.createNamespacedConfigMap({
      namespace: 'velero',
      body: {
        metadata: { name: 'kymaros-t3' },
        data: { 'modifiers.yaml': '' },
      },
    });
    await expect(
      provider.cleanupRestoreCompanions('kymaros-t3', { recordedAt }),
    ).resolves.toEqual(['kymaros-t3']);
  });

  it('leaves alone a ConfigMap of that name made before the record, or owned by another restore', async () => {
    await t.core.createNamespacedConfigMap({
      namespace: 'velero',
      body: { metadata: { name: 'kymaros-t4' }, data: { mine: 'yes' } },
    });
    await t.core.createNamespacedConfigMap({
      namespace: 'velero',
      body: {
        metadata: {
          name: 'kymaros-t5',
          ownerReferences: [
            {
              apiVersion: 'velero.io/v1',
              kind: 'Restore',
              name: 'kymaros-t5',
              uid: 'another-restore',
            },
          ],
        },
      },
    });
    // Recorded a minute after it was made: someone else's.
    const later = new Date(Date.now() + 60_000).toISOString();
    await expect(
      provider.cleanupRestoreCompanions('kymaros-t4', {
        restoreUid: 'recorded-restore',
        recordedAt: later,
      }),
    ).resolves.toEqual([]);
    await expect(
      provider.cleanupRestoreCompanions('kymaros-t5', {
        restoreUid: 'recorded-restore',
        recordedAt: new Date(0).toISOString(),
      }),
    ).resolves.toEqual([]);
    expect((await readConfigMap('kymaros-t4')).data).toEqual({ mine: 'yes' });
    expect(await readConfigMap('kymaros-t5')).toBeDefined();
    // Velero's own ConfigMaps are never even asked about.
    await expect(
      provider.cleanupRestoreCompanions('velero-plugin-config', {
        recordedAt: new Date(0).toISOString(),
      }),
    ).resolves.toEqual([]);
    expect(await readConfigMap('velero-plugin-config')).toBeDefined();
  });

  it('never overwrites a ConfigMap of that name, and creates no Restore then', async () => {
    await expect(
      provider.triggerRestore(
        await backup(),
        { shop: 'sb-shop-4' },
        options('kymaros-t4'),
      ),
    ).rejects.toThrow(
      'ConfigMap velero/kymaros-t4 already exists: Kymaros does not overwrite it',
    );
    expect((await readConfigMap('kymaros-t4')).data).toEqual({ mine: 'yes' });
    expect(await provider.findRestore('kymaros-t4')).toBeUndefined();
  });

  it('removes its ConfigMap when the Restore cannot be created', async () => {
    await t.createVelero('restores', 'Restore', 'kymaros-t6', {
      backupName: 'shop',
      includedNamespaces: ['shop'],
    });
    const theirs = (await provider.findRestore('kymaros-t6'))!;
    await expect(
      provider.triggerRestore(
        await backup(),
        { shop: 'sb-shop-6' },
        options('kymaros-t6'),
      ),
    ).rejects.toMatchObject({ code: 409 });
    await expect(readConfigMap('kymaros-t6')).rejects.toMatchObject({
      code: 404,
    });
    expect((await provider.findRestore('kymaros-t6'))!.uid).toBe(theirs.uid);
  });

  it('refuses malformed edits before creating anything', async () => {
    await expect(
      provider.triggerRestore(
        await backup(),
        { shop: 'sb-shop-7' },
        {
          ...options('kymaros-t7'),
          transforms: {
            excludedResources: [],
            edits: [{ resource: 'services', jsonPatch: [] }],
          },
        },
      ),
    ).rejects.toThrow(/exactly one of jsonPatch/);
    await expect(readConfigMap('kymaros-t7')).rejects.toMatchObject({
      code: 404,
    });
    expect(await provider.findRestore('kymaros-t7')).toBeUndefined();
  });

  it('restores without a ConfigMap when there are no edits, excluding the asked kinds', async () => {
    await provider.triggerRestore(
      await backup(),
      { shop: 'sb-shop-8' },
      options('kymaros-t8', { edits: [] }),
    );
    const restore = await t.getVelero('restores', 'kymaros-t8');
    expect(restore.spec.resourceModifier).toBeUndefined();
    expect(restore.spec.excludedResources).toContain('widgets.e2e.kymaros.io');
    await expect(readConfigMap('kymaros-t8')).rejects.toMatchObject({
      code: 404,
    });
  });

  // Depends on the simulator applying Velero's resource modifiers.
  it('Velero applies the edits as it restores', async () => {
    await t.core.createNamespace({ body: { metadata: { name: 'sb-shop-9' } } });
    const handle = await provider.triggerRestore(
      await backup(),
      { shop: 'sb-shop-9' },
      options('kymaros-t9'),
    );
    const outcome = await provider.waitForRestore(handle, {
      signal: AbortSignal.timeout(30_000),
    });
    expect(outcome.phase).toBe('Completed');
    const web = await t.core.readNamespacedService({
      namespace: 'sb-shop-9',
      name: 'web',
    });
    expect(web.spec!.type).toBe('ClusterIP');
    const cfg = await t.core.readNamespacedConfigMap({
      namespace: 'sb-shop-9',
      name: 'cfg',
    });
    expect(cfg.data).toEqual({
      url: 'http://db.sb-shop-db.svc:5432',
      on: 'true',
    });
  });
});

async function waitFor(check: () => Promise<void>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise(r => setTimeout(r, 100));
    }
  }
}
