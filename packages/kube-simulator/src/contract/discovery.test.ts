import * as k8s from '@kubernetes/client-node';
import {
  ContractEndpoint,
  contractEndpoint,
  rawRequest,
  statusOf,
} from './endpoint';

describe('contract: discovery and authentication', () => {
  let ep: ContractEndpoint;
  beforeAll(async () => {
    ep = await contractEndpoint();
  });
  afterAll(() => ep.stop());

  it('serves /version, /api and /apis', async () => {
    const version = await ep.kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.major).toBe('1');
    expect(version.gitVersion).toMatch(/^v1\./);
    const api = await ep.kc.makeApiClient(k8s.CoreApi).getAPIVersions();
    expect(api.versions).toContain('v1');
    const groups = await ep.kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    const names = groups.groups.map(g => g.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'networking.k8s.io',
        'rbac.authorization.k8s.io',
        'velero.io',
      ]),
    );
  });

  it('lists resources of core and Velero group versions', async () => {
    const core = await ep.core.getAPIResources();
    const byName = new Map(core.resources.map(r => [r.name, r]));
    for (const name of [
      'namespaces',
      'pods',
      'services',
      'endpoints',
      'configmaps',
      'secrets',
      'persistentvolumeclaims',
      'serviceaccounts',
      'resourcequotas',
      'limitranges',
      'events',
    ]) {
      expect(byName.get(name)).toBeDefined();
    }
    expect(byName.get('namespaces')!.namespaced).toBe(false);
    expect(byName.get('pods')!.namespaced).toBe(true);
    expect(byName.get('pods/exec')).toBeDefined();
    expect(byName.get('services/proxy')).toBeDefined();
    const velero: k8s.V1APIResourceList = JSON.parse(
      (await rawRequest(ep.kc, '/apis/velero.io/v1')).body,
    );
    const veleroNames = velero.resources.map(r => r.name);
    expect(veleroNames).toEqual(
      expect.arrayContaining([
        'backups',
        'restores',
        'downloadrequests',
        'schedules',
        'backupstoragelocations',
      ]),
    );
    // Velero's CRDs (1.18) ship without a status subresource.
    expect(veleroNames.filter(n => n.endsWith('/status'))).toEqual([]);
  });

  it('answers 404 for an unknown group version', async () => {
    const res = await rawRequest(ep.kc, '/apis/nothing.example.com/v1');
    expect(res.status).toBe(404);
  });

  it('rejects a wrong bearer token with 401', async () => {
    const kc = new k8s.KubeConfig();
    const cluster = ep.kc.getCurrentCluster()!;
    kc.loadFromOptions({
      clusters: [cluster],
      users: [{ name: 'bad', token: 'not-the-token' }],
      contexts: [{ name: 'bad', cluster: cluster.name, user: 'bad' }],
      currentContext: 'bad',
    });
    const status = await statusOf(
      kc.makeApiClient(k8s.CoreV1Api).listNamespace(),
    );
    expect(status.code).toBe(401);
  });
});
