import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import { startSimulator, type RunningSimulator } from '../Simulator';
import { eventually, rawRequest } from './endpoint';

jest.setTimeout(120_000);

/**
 * What the Kasten adapter relies on, checked against the simulator or, with
 * `KYMAROS_CONTRACT_KUBECONFIG` and `KYMAROS_CONTRACT_KASTEN_APP` (a namespace
 * K10 has restore points of) set, against a real K10 install. Every object
 * these tests create lives in namespaces they create; restore points and
 * their contents are only read.
 */
const APPS = { group: 'apps.kio.kasten.io', version: 'v1alpha1' };
const ACTIONS = { group: 'actions.kio.kasten.io', version: 'v1alpha1' };
const APP_LABEL = 'k10.kasten.io/appNamespace';

describe('contract: Kasten K10', () => {
  let simulator: RunningSimulator | undefined;
  let kc: k8s.KubeConfig;
  let custom: k8s.CustomObjectsApi;
  let core: k8s.CoreV1Api;
  let app: string;
  const created: string[] = [];
  const sandbox = async (prefix: string) => {
    const name = `${prefix}-${Math.random().toString(36).slice(2, 7)}`;
    await core.createNamespace({ body: { metadata: { name } } });
    created.push(name);
    return name;
  };

  beforeAll(async () => {
    kc = new k8s.KubeConfig();
    const real = process.env.KYMAROS_CONTRACT_KUBECONFIG;
    if (real) {
      kc.loadFromString(readFileSync(real, 'utf8'));
      app = process.env.KYMAROS_CONTRACT_KASTEN_APP ?? '';
      if (!app)
        throw new Error(
          'KYMAROS_CONTRACT_KASTEN_APP must name a namespace K10 has restore points of',
        );
    } else {
      app = 'contract-app';
      simulator = await startSimulator({
        timings: { veleroStepMs: 100 },
        scenario: {
          objects: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'settings', namespace: app },
              data: { mode: 'contract' },
            },
          ],
          kasten: {
            policies: [
              {
                name: 'contract-app-backup',
                namespaces: [app],
                exportProfile: 'object-store',
                runs: [{ age: '1h' }],
              },
            ],
          },
        },
      });
      kc.loadFromString(simulator.kubeconfigYaml);
    }
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    core = kc.makeApiClient(k8s.CoreV1Api);
  });
  afterAll(async () => {
    for (const name of created)
      await core.deleteNamespace({ name }).catch(() => undefined);
    await simulator?.stop();
  });

  const restorePoints = async () =>
    (
      (await custom.listNamespacedCustomObject({
        ...APPS,
        namespace: app,
        plural: 'restorepoints',
      })) as any
    ).items as any[];

  /** Names of the ConfigMaps a restore point's details list (artifact shape as the adapter reads it). */
  const configMapsOf = async (restorePoint: string): Promise<string[]> => {
    const res = await rawRequest(
      kc,
      `/apis/apps.kio.kasten.io/v1alpha1/namespaces/${app}/restorepoints/${restorePoint}/details`,
    );
    const artifacts = JSON.parse(res.body).status.restorePointDetails.artifacts;
    return artifacts
      .map((a: any) => a.resource ?? a)
      .filter((r: any) => r.kind === 'ConfigMap' && r.name)
      .map((r: any) => r.name as string);
  };

  it('serves restore points per namespace and their contents cluster-wide, by app label', async () => {
    const discovery = JSON.parse(
      (await rawRequest(kc, '/apis/apps.kio.kasten.io/v1alpha1')).body,
    );
    const byName = Object.fromEntries(
      discovery.resources.map((r: any) => [r.name, r]),
    );
    expect(byName.restorepoints.namespaced).toBe(true);
    expect(byName.restorepointcontents.namespaced).toBe(false);
    const points = await restorePoints();
    expect(points.length).toBeGreaterThan(0);
    const contents = (
      (await custom.listClusterCustomObject({
        ...APPS,
        plural: 'restorepointcontents',
        labelSelector: `${APP_LABEL}=${app}`,
      })) as any
    ).items as any[];
    for (const rp of points) {
      expect(rp.metadata.labels[APP_LABEL]).toBe(app);
      const content = contents.find(
        c => c.metadata.name === rp.spec.restorePointContentRef.name,
      );
      expect(content.status.restorePointRef).toMatchObject({
        name: rp.metadata.name,
        namespace: app,
      });
      expect(typeof rp.status.actionTime).toBe('string');
    }
  });

  it('lists what a restore point holds on its details subresource only', async () => {
    const [rp] = await restorePoints();
    const res = await rawRequest(
      kc,
      `/apis/apps.kio.kasten.io/v1alpha1/namespaces/${app}/restorepoints/${rp.metadata.name}/details`,
    );
    expect(res.status).toBe(200);
    const details = JSON.parse(res.body);
    expect(Array.isArray(details.status.restorePointDetails.artifacts)).toBe(
      true,
    );
    expect(rp.status.restorePointDetails).toBeUndefined();
  });

  it('restores into the namespace of a RestoreAction whose targetNamespace it is, state by state', async () => {
    const [rp] = await restorePoints();
    const target = await sandbox('kasten-contract');
    const body = {
      apiVersion: 'actions.kio.kasten.io/v1alpha1',
      kind: 'RestoreAction',
      metadata: { name: 'contract-restore' },
      spec: {
        subject: {
          apiVersion: 'apps.kio.kasten.io/v1alpha1',
          kind: 'RestorePoint',
          name: rp.metadata.name,
          namespace: app,
        },
        targetNamespace: target,
      },
    };
    const made = (await custom.createNamespacedCustomObject({
      ...ACTIONS,
      namespace: target,
      plural: 'restoreactions',
      body,
    })) as any;
    // The spec is kept as sent, and the action starts without a state.
    expect(made.spec).toEqual(body.spec);
    const seen = new Set<string>();
    const done = await eventually(
      async () => {
        const a = (await custom.getNamespacedCustomObject({
          ...ACTIONS,
          namespace: target,
          plural: 'restoreactions',
          name: 'contract-restore',
        })) as any;
        if (a.status?.state) seen.add(a.status.state);
        return ['Complete', 'Failed'].includes(a.status?.state) && a;
      },
      90_000,
      'the RestoreAction to end',
    );
    expect(done.status.state).toBe('Complete');
    expect(seen.has('Running')).toBe(true);
    expect(typeof done.status.startTime).toBe('string');
    expect(typeof done.status.endTime).toBe('string');
    const details = JSON.parse(
      (
        await rawRequest(
          kc,
          `/apis/actions.kio.kasten.io/v1alpha1/namespaces/${target}/restoreactions/contract-restore/details`,
        )
      ).body,
    );
    expect(details.status.actionDetails.phases.length).toBeGreaterThan(0);
    // Every ConfigMap the restore point lists is now in the target namespace.
    const listed = await configMapsOf(rp.metadata.name);
    const restored = await core.listNamespacedConfigMap({ namespace: target });
    expect(restored.items.map(c => c.metadata?.name)).toEqual(
      expect.arrayContaining(listed),
    );
  });

  it('does not restore into another namespace than the action is in', async () => {
    const [rp] = await restorePoints();
    const home = await sandbox('kasten-contract-home');
    const elsewhere = await sandbox('kasten-contract-elsewhere');
    const namesIn = async (namespace: string) =>
      (await core.listNamespacedConfigMap({ namespace })).items
        .map(c => c.metadata?.name)
        .sort();
    const before = await namesIn(elsewhere);
    const made = custom.createNamespacedCustomObject({
      ...ACTIONS,
      namespace: home,
      plural: 'restoreactions',
      body: {
        apiVersion: 'actions.kio.kasten.io/v1alpha1',
        kind: 'RestoreAction',
        metadata: { name: 'contract-mismatch' },
        spec: {
          subject: {
            apiVersion: 'apps.kio.kasten.io/v1alpha1',
            kind: 'RestorePoint',
            name: rp.metadata.name,
            namespace: app,
          },
          targetNamespace: elsewhere,
        },
      },
    });
    // Refused outright, or accepted and then failed: never Complete.
    const ended = await made.then(
      () =>
        eventually(
          async () => {
            const a = (await custom.getNamespacedCustomObject({
              ...ACTIONS,
              namespace: home,
              plural: 'restoreactions',
              name: 'contract-mismatch',
            })) as any;
            return ['Complete', 'Failed'].includes(a.status?.state) && a;
          },
          90_000,
          'the mismatched RestoreAction to end',
        ).then(a => a.status.state as string),
      () => 'refused',
    );
    expect(['Failed', 'refused']).toContain(ended);
    // Either way nothing lands in the other namespace.
    expect(await namesIn(elsewhere)).toEqual(before);
  });
});
