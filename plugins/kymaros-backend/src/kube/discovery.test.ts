import type { V1APIResourceList } from '@kubernetes/client-node';
import { simulatorAdmin } from '@kymaros/kube-simulator/src/contract/endpoint';
import { CheckCluster, checkCluster } from '../checks/__testUtils__/cluster';
import {
  Discovery,
  groupVersionPath,
  matchResource,
  objectPath,
  splitApiVersion,
} from './discovery';

jest.setTimeout(30_000);

const apps: V1APIResourceList = {
  groupVersion: 'apps/v1',
  resources: [
    {
      name: 'deployments',
      singularName: 'deployment',
      kind: 'Deployment',
      namespaced: true,
      shortNames: ['deploy'],
      verbs: [],
    },
    {
      name: 'deployments/scale',
      singularName: '',
      kind: 'Scale',
      namespaced: true,
      verbs: [],
    },
  ],
};

describe('discovery helpers', () => {
  it('matches by kind, any case, plural, singular and short name, never a subresource', () => {
    for (const wanted of [
      'Deployment',
      'deployment',
      'DEPLOYMENT',
      'deployments',
      'deploy',
    ]) {
      expect(matchResource(apps, 'apps', 'v1', wanted)).toEqual({
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        plural: 'deployments',
        namespaced: true,
      });
    }
    expect(matchResource(apps, 'apps', 'v1', 'Scale')).toBeUndefined();
  });

  it('builds paths for core, grouped and cluster-scoped resources', () => {
    expect(splitApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(splitApiVersion('db.example.com/v1beta1')).toEqual({
      group: 'db.example.com',
      version: 'v1beta1',
    });
    expect(groupVersionPath('', 'v1')).toBe('/api/v1');
    expect(
      objectPath(
        {
          group: '',
          version: 'v1',
          kind: 'Secret',
          plural: 'secrets',
          namespaced: true,
        },
        'sb',
        'a',
      ),
    ).toBe('/api/v1/namespaces/sb/secrets/a');
    expect(
      objectPath(
        {
          group: 'storage.k8s.io',
          version: 'v1',
          kind: 'StorageClass',
          plural: 'storageclasses',
          namespaced: false,
        },
        'sb',
        'fast',
      ),
    ).toBe('/apis/storage.k8s.io/v1/storageclasses/fast');
  });
});

describe('Discovery against the API server', () => {
  let c: CheckCluster;
  beforeAll(async () => {
    c = await checkCluster();
  });
  afterAll(() => c.stop());

  it('resolves core kinds before grouped ones and grouped kinds by preferred version', async () => {
    const d = new Discovery(c.kc);
    await expect(d.resolve('Pod')).resolves.toMatchObject({
      group: '',
      plural: 'pods',
    });
    await expect(d.resolve('Job')).resolves.toMatchObject({
      group: 'batch',
      version: 'v1',
      plural: 'jobs',
    });
    await expect(d.resolve('Backup', 'velero.io/v1')).resolves.toMatchObject({
      plural: 'backups',
    });
    await expect(d.resolve('Gadget')).resolves.toBeUndefined();
    await expect(
      d.resolve('Pod', 'nothing.example.com/v1'),
    ).resolves.toBeUndefined();
  });

  it('reports a discovery failure with the API server reason', async () => {
    await simulatorAdmin(c.kc, 'POST', '/simulator/v1/faults', {
      path: '^/apis$',
      status: 403,
      times: 1,
    });
    await expect(new Discovery(c.kc).resolve('Gadget')).rejects.toThrow(
      /^discovery \/apis failed: HTTP 403/,
    );
  });

  it('skips an unavailable API group while scanning, but not when the kind is pinned to it', async () => {
    await simulatorAdmin(c.kc, 'POST', '/simulator/v1/faults', {
      path: '^/apis/batch/v1$',
      status: 503,
      times: 2,
    });
    await expect(
      new Discovery(c.kc).resolve('Deployment'),
    ).resolves.toMatchObject({ group: 'apps' });
    await expect(
      new Discovery(c.kc).resolve('Job', 'batch/v1'),
    ).rejects.toThrow(/^discovery \/apis\/batch\/v1 failed: HTTP 503/);
  });
});
