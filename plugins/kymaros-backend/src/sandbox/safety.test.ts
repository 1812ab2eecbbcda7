import * as k8s from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { WriteGuard } from './WriteGuard';
import { apiPathOf, guardedKubeConfig } from './guardedKubeConfig';
import {
  MappingCheck,
  assertSafeMapping,
  mappingViolations,
} from './namespaceMappingGuard';

const owned = [
  { namespace: 'velero', group: 'velero.io', plural: 'restores' },
  { namespace: 'velero', group: 'velero.io', plural: 'downloadrequests' },
];

describe('WriteGuard', () => {
  const guard = new WriteGuard(owned);
  guard.allowSandbox('kymaros-orders-abc123');

  it('allows reads anywhere and writes into the run sandboxes and the provider objects', () => {
    expect(
      guard.check('GET', '/api/v1/namespaces/kube-system/secrets'),
    ).toBeUndefined();
    expect(
      guard.check(
        'POST',
        '/api/v1/namespaces/kymaros-orders-abc123/configmaps',
      ),
    ).toBeUndefined();
    expect(
      guard.check(
        'DELETE',
        '/apis/batch/v1/namespaces/kymaros-orders-abc123/jobs/q-1',
      ),
    ).toBeUndefined();
    expect(
      guard.check('POST', '/apis/velero.io/v1/namespaces/velero/restores'),
    ).toBeUndefined();
    expect(
      guard.check(
        'DELETE',
        '/apis/velero.io/v1/namespaces/velero/restores/kymaros-r1',
      ),
    ).toBeUndefined();
    expect(
      guard.check('POST', '/api/v1/namespaces', {
        metadata: { name: 'kymaros-orders-abc123' },
      }),
    ).toBeUndefined();
    expect(
      guard.check('DELETE', '/api/v1/namespaces/kymaros-orders-abc123'),
    ).toBeUndefined();
  });

  it.each([
    [
      'POST',
      '/api/v1/namespaces/kube-system/configmaps',
      undefined,
      /namespace "kube-system"/,
    ],
    [
      'PATCH',
      '/apis/apps/v1/namespaces/orders/deployments/api',
      undefined,
      /namespace "orders"/,
    ],
    [
      'DELETE',
      '/api/v1/namespaces/kymaros-other-test-zzz999',
      undefined,
      /not a sandbox of this run/,
    ],
    [
      'POST',
      '/api/v1/namespaces',
      { metadata: { name: 'orders' } },
      /"orders" is not a sandbox/,
    ],
    ['DELETE', '/api/v1/namespaces/velero', undefined, /not a sandbox/],
    [
      'POST',
      '/apis/velero.io/v1/namespaces/velero/backups',
      undefined,
      /outside this run's sandboxes/,
    ],
    [
      'POST',
      '/apis/velero.io/v1/namespaces/velero/deletebackuprequests',
      undefined,
      /outside/,
    ],
    [
      'POST',
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
      undefined,
      /cluster-scoped/,
    ],
    ['PATCH', '/api/v1/persistentvolumes/pvc-123', undefined, /cluster-scoped/],
    [
      'POST',
      '/api/v1/namespaces/kymaros-orders-abc123%2F..%2Fkube-system/configmaps',
      undefined,
      /encoded slashes/,
    ],
    [
      'POST',
      '/api/v1/namespaces/kymaros-orders-abc123/../kube-system/configmaps',
      undefined,
      /"\.\." segments/,
    ],
    [
      'POST',
      '/api/v1/namespaces/kymaros-orders-abc123/%2e%2e/kube-system/configmaps',
      undefined,
      /"\.\." segments/,
    ],
    ['DELETE', '/api/v1/namespaces//kymaros-orders-abc123', undefined, /empty/],
    [
      'POST',
      '/api/v1/namespaces/kymaros-orders-abc12/configmaps',
      undefined,
      /namespace "kymaros-orders-abc12"/,
    ],
    [
      'POST',
      '/api/v1/namespaces/kymaros-orders-abc1234/configmaps',
      undefined,
      /namespace "kymaros-orders-abc1234"/,
    ],
    [
      'CONNECT',
      '/api/v1/namespaces/kube-system/pods/x',
      undefined,
      /outside this run's sandboxes/,
    ],
    ['DELETE', '/api/v1/namespaces', undefined, /not a sandbox/],
    [
      'PUT',
      '/api/v1/namespaces/kube-system/finalize',
      undefined,
      /namespace "kube-system" is not a sandbox/,
    ],
    ['PUT', '/healthz', undefined, /not a Kubernetes API path/],
  ])('refuses %s %s', (method, path, body, reason) => {
    expect(guard.check(method as string, path as string, body)).toMatch(
      reason as RegExp,
    );
    expect(() => guard.assert(method as string, path as string, body)).toThrow(
      NotAllowedError,
    );
  });

  it('allows changing the reclaim policy of a sandbox volume only', () => {
    guard.allowVolume('pvc-123');
    expect(
      guard.check('PATCH', '/api/v1/persistentvolumes/pvc-123'),
    ).toBeUndefined();
    expect(guard.check('DELETE', '/api/v1/persistentvolumes/pvc-123')).toMatch(
      /cluster-scoped/,
    );
    expect(guard.check('PATCH', '/api/v1/persistentvolumes/pvc-999')).toMatch(
      /cluster-scoped/,
    );
  });
});

describe('WriteGuard on streams and proxies', () => {
  const guard = new WriteGuard(owned);
  guard.allowSandbox('kymaros-orders-abc123');

  it.each([
    [
      'GET',
      '/api/v1/namespaces/kymaros-orders-abc123/pods/db-0/exec?command=ls',
    ],
    ['POST', '/api/v1/namespaces/kymaros-orders-abc123/pods/db-0/exec'],
    ['GET', '/api/v1/namespaces/kymaros-orders-abc123/pods/db-0/portforward'],
    ['POST', '/api/v1/namespaces/kymaros-orders-abc123/pods/db-0/attach'],
    [
      'PUT',
      '/api/v1/namespaces/kymaros-orders-abc123/services/https:web:443/proxy/a%2Fb',
    ],
    ['GET', '/api/v1/namespaces/kymaros-orders-abc123/pods/db-0/proxy/'],
    ['GET', '/api/v1/namespaces/prod/pods/db-0/log'],
    ['GET', '/api/v1/namespaces/prod/pods?watch=true'],
  ])('allows %s %s', (method, path) => {
    expect(guard.check(method, path)).toBeUndefined();
  });

  it.each([
    [
      'GET',
      '/api/v1/namespaces/prod/pods/db-0/exec?command=sh',
      'exec into pod prod/db-0 refused: not a sandbox of this run',
    ],
    [
      'POST',
      '/api/v1/namespaces/prod/pods/db-0/exec',
      'exec into pod prod/db-0 refused: not a sandbox of this run',
    ],
    [
      'GET',
      '/api/v1/namespaces/prod/pods/db-0/portforward?ports=5432',
      'port-forward to pod prod/db-0 refused: not a sandbox of this run',
    ],
    [
      'POST',
      '/api/v1/namespaces/prod/pods/db-0/attach',
      'attach to pod prod/db-0 refused: not a sandbox of this run',
    ],
    [
      'GET',
      '/api/v1/namespaces/prod/services/db:5432/proxy/',
      'proxy to service prod/db:5432 refused: not a sandbox of this run',
    ],
    [
      'DELETE',
      '/api/v1/namespaces/prod/pods/db-0/proxy/x',
      'proxy to pod prod/db-0 refused: not a sandbox of this run',
    ],
    [
      'GET',
      '/api/v1/namespaces/kymaros-orders/pods/db-0/exec',
      'exec into pod kymaros-orders/db-0 refused: not a sandbox of this run',
    ],
    [
      'GET',
      '/api/v1/nodes/node-1/proxy/pods',
      "proxy to node node-1 refused: only pods and services in this run's sandboxes can be reached",
    ],
    [
      'GET',
      '/apis/example.io/v1/namespaces/kymaros-orders-abc123/widgets/w/exec',
      "exec into widgets kymaros-orders-abc123/w refused: only pods and services in this run's sandboxes can be reached",
    ],
  ])('refuses %s %s', (method, path, message) => {
    expect(guard.check(method, path)).toBe(message);
    expect(() => guard.assert(method, path)).toThrow(
      new NotAllowedError(message),
    );
  });

  it('refuses exec paths that hide their target', () => {
    for (const path of [
      '/api/v1/namespaces/kymaros-orders-abc123/../prod/pods/x/exec',
      '/api/v1/namespaces/kymaros-orders-abc123%2F..%2Fprod/pods/x/exec',
      '/api/v1/namespaces/kymaros-orders-abc123/pods/x%2Fexec',
      '/api/v1/namespaces/kymaros-orders-abc123/pods/x%5C..%5Cexec',
      '/api/v1/namespaces/kymaros-orders-abc123/services/web:80/proxy/../../../../prod/services/db/proxy/',
      '/api/v1/namespaces/kymaros-orders-abc123/pods/%E0%A4%A',
    ])
      expect(guard.check('GET', path)).toMatch(/^GET \S+ refused: the path/);
  });

  it('holds protocol upgrades on other paths to the sandboxes', () => {
    expect(
      guard.check(
        'GET',
        '/apis/example.io/v1/namespaces/prod/vms/v/console',
        undefined,
        true,
      ),
    ).toMatch(/^streaming GET \S+ refused: namespace "prod" is not a sandbox/);
    expect(guard.check('GET', '/healthz', undefined, true)).toMatch(
      /not in a sandbox of this run/,
    );
    expect(
      guard.check(
        'GET',
        '/apis/example.io/v1/namespaces/kymaros-orders-abc123/vms/v/console',
        undefined,
        true,
      ),
    ).toBeUndefined();
  });
});

describe('WriteGuard on sandbox deletion', () => {
  const name = 'kymaros-orders-abc123';
  const path = `/api/v1/namespaces/${name}`;

  it('deletes a sandbox recorded with its uid only with that uid as precondition', () => {
    const guard = new WriteGuard([]);
    guard.allowSandbox(name, 'uid-1');
    expect(
      guard.check('DELETE', path, { preconditions: { uid: 'uid-1' } }),
    ).toBeUndefined();
    expect(guard.check('DELETE', path)).toBe(
      `Kymaros refused to write outside its sandboxes: deleting namespace "${name}" requires preconditions.uid uid-1, the namespace this run created`,
    );
    expect(
      guard.check('DELETE', path, { preconditions: { uid: 'uid-2' } }),
    ).toMatch(
      /with preconditions\.uid uid-2: this run created it with uid uid-1/,
    );
    expect(
      guard.check('DELETE', path, { preconditions: { resourceVersion: '7' } }),
    ).toMatch(/requires preconditions\.uid uid-1/);
    // Other writes in or on the sandbox do not need the uid.
    expect(
      guard.check('PATCH', path, { metadata: { labels: { a: 'b' } } }),
    ).toBeUndefined();
    expect(guard.check('DELETE', `${path}/configmaps/c`)).toBeUndefined();
  });

  it('keeps the uid when the sandbox is announced again without one, and works without any', () => {
    const guard = new WriteGuard([]);
    guard.allowSandbox(name, 'uid-1');
    guard.allowSandbox(name);
    expect(guard.check('DELETE', path)).toMatch(/requires preconditions\.uid/);
    const plain = new WriteGuard([]);
    plain.allowSandbox(name);
    expect(plain.check('DELETE', path)).toBeUndefined();
  });
});

describe('WriteGuard on provider objects narrowed by a name prefix', () => {
  const guard = new WriteGuard([
    ...owned,
    {
      namespace: 'velero',
      group: '',
      plural: 'configmaps',
      namePrefix: 'kymaros-',
    },
  ]);
  const configMaps = '/api/v1/namespaces/velero/configmaps';

  it('allows creating, patching and deleting the prefixed ConfigMaps', () => {
    expect(
      guard.check('POST', configMaps, { metadata: { name: 'kymaros-r1' } }),
    ).toBeUndefined();
    expect(guard.check('PATCH', `${configMaps}/kymaros-r1`)).toBeUndefined();
    expect(guard.check('DELETE', `${configMaps}/kymaros-r1`)).toBeUndefined();
  });

  it.each([
    [
      'POST',
      configMaps,
      { metadata: { name: 'velero-plugin-config' } },
      /"velero-plugin-config" does not start with "kymaros-"/,
    ],
    [
      'PUT',
      `${configMaps}/velero-plugin-config`,
      { metadata: { name: 'kymaros-r1' } },
      /"velero-plugin-config" does not start/,
    ],
    [
      'PATCH',
      `${configMaps}/fs-restore-action-config`,
      undefined,
      /"fs-restore-action-config" does not start/,
    ],
    [
      'DELETE',
      `${configMaps}/velero-plugin-config`,
      undefined,
      /"velero-plugin-config" does not start/,
    ],
    ['DELETE', configMaps, undefined, /without a name/],
    [
      'DELETE',
      `${configMaps}?labelSelector=a%3Db`,
      undefined,
      /without a name/,
    ],
    ['POST', configMaps, undefined, /without a name/],
    ['POST', configMaps, { metadata: {} }, /without a name/],
    [
      'POST',
      configMaps,
      { metadata: { generateName: 'kymaros-' } },
      /with generateName/,
    ],
    [
      'POST',
      configMaps,
      { metadata: { name: 'kymaros-r1', generateName: 'kymaros-' } },
      /with generateName/,
    ],
    [
      'POST',
      configMaps,
      { metadata: { name: 'velero-kymaros-r1' } },
      /"velero-kymaros-r1" does not start/,
    ],
    [
      'DELETE',
      `${configMaps}/my-kymaros-r1`,
      undefined,
      /"my-kymaros-r1" does not start/,
    ],
    [
      'POST',
      `${configMaps}/velero-plugin-config`,
      { metadata: { name: 'kymaros-r1' } },
      /"velero-plugin-config" does not start/,
    ],
    [
      'POST',
      '/api/v1/namespaces/velero/secrets',
      { metadata: { name: 'kymaros-r1' } },
      /outside this run's sandboxes/,
    ],
    [
      'POST',
      '/api/v1/namespaces/kube-system/configmaps',
      { metadata: { name: 'kymaros-r1' } },
      /namespace "kube-system"/,
    ],
  ])('refuses %s %s (%j)', (method, path, body, reason) => {
    expect(guard.check(method as string, path as string, body)).toMatch(
      reason as RegExp,
    );
  });

  it('keeps the other provider objects unrestricted by name', () => {
    expect(
      guard.check('DELETE', '/apis/velero.io/v1/namespaces/velero/restores/x'),
    ).toBeUndefined();
  });
});

describe('apiPathOf', () => {
  it('strips the server URL prefix and the query', () => {
    expect(
      apiPathOf('/api/v1/pods?watch=1', 'https://k8s.example.com:6443'),
    ).toBe('/api/v1/pods');
    expect(
      apiPathOf(
        '/k8s/clusters/c-1/api/v1/namespaces/x/pods',
        'https://rancher.example.com/k8s/clusters/c-1/',
      ),
    ).toBe('/api/v1/namespaces/x/pods');
    expect(
      apiPathOf(
        'http://rancher.example.com/k8s/clusters/c-1/apis',
        'https://rancher.example.com/k8s/clusters/c-1',
      ),
    ).toBe('/apis');
    expect(
      apiPathOf(
        '/k8s/clusters/c-2/api/v1/pods',
        'https://r.example.com/k8s/clusters/c-1',
      ),
    ).toBe('/k8s/clusters/c-2/api/v1/pods');
  });
});

describe('guarded clients', () => {
  // A simulator starts per test: seconds on a loaded machine.
  jest.setTimeout(30_000);

  it('stop a write outside the sandboxes before it reaches the cluster', async () => {
    const t = await testSimulator();
    try {
      const guard = new WriteGuard(owned);
      const kc = guardedKubeConfig(t.kc, guard);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      await expect(
        core.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name: 'evil' } },
        }),
      ).rejects.toThrow(/refused to write outside its sandboxes/);
      await expect(
        t.core.readNamespacedConfigMap({ namespace: 'default', name: 'evil' }),
      ).rejects.toMatchObject({ code: 404 });
      const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
      await expect(
        objects.create({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'evil', namespace: 'kube-system' },
        }),
      ).rejects.toThrow(NotAllowedError);
      guard.allowSandbox('kymaros-ok-aaaaaa');
      await core.createNamespace({
        body: { metadata: { name: 'kymaros-ok-aaaaaa' } },
      });
      await core.createNamespacedConfigMap({
        namespace: 'kymaros-ok-aaaaaa',
        body: { metadata: { name: 'fine' } },
      });
      expect((await core.listNamespace()).items.length).toBeGreaterThan(0); // reads pass
    } finally {
      await t.sim.stop();
    }
  });

  it('write only the prefixed ConfigMaps of the provider namespace, by name', async () => {
    const t = await testSimulator();
    try {
      // The simulator has Velero's namespace.
      await t.core.createNamespacedConfigMap({
        namespace: 'velero',
        body: { metadata: { name: 'velero-plugin-config' }, data: { a: '1' } },
      });
      const guard = new WriteGuard([
        {
          namespace: 'velero',
          group: '',
          plural: 'configmaps',
          namePrefix: 'kymaros-',
        },
      ]);
      const core = guardedKubeConfig(t.kc, guard).makeApiClient(k8s.CoreV1Api);
      await core.createNamespacedConfigMap({
        namespace: 'velero',
        body: { metadata: { name: 'kymaros-r1' } },
      });
      await expect(
        core.replaceNamespacedConfigMap({
          namespace: 'velero',
          name: 'velero-plugin-config',
          body: { metadata: { name: 'velero-plugin-config' }, data: {} },
        }),
      ).rejects.toThrow(NotAllowedError);
      await expect(
        core.deleteCollectionNamespacedConfigMap({ namespace: 'velero' }),
      ).rejects.toThrow(/without a name/);
      await expect(
        core.createNamespacedConfigMap({
          namespace: 'velero',
          body: { metadata: { generateName: 'kymaros-' } },
        }),
      ).rejects.toThrow(/generateName/);
      const left = await t.core.listNamespacedConfigMap({
        namespace: 'velero',
      });
      expect(left.items.map(c => c.metadata!.name).sort()).toEqual([
        'kube-root-ca.crt',
        'kymaros-r1',
        'velero-plugin-config',
      ]);
      expect(
        (
          await t.core.readNamespacedConfigMap({
            namespace: 'velero',
            name: 'velero-plugin-config',
          })
        ).data,
      ).toEqual({ a: '1' });
    } finally {
      await t.sim.stop();
    }
  });
});

describe('WriteGuard on create-only provider objects (on-demand backups)', () => {
  const guard = new WriteGuard([
    ...owned,
    {
      namespace: 'velero',
      group: 'velero.io',
      plural: 'backups',
      namePrefix: 'kymaros-',
      createOnly: true,
    },
  ]);
  const backups = '/apis/velero.io/v1/namespaces/velero/backups';

  it('allows creating a prefixed backup named in the body, and restores as before', () => {
    expect(
      guard.check('POST', backups, {
        metadata: { name: 'kymaros-backup-1a2b3c' },
      }),
    ).toBeUndefined();
    expect(
      guard.check('POST', '/apis/velero.io/v1/namespaces/velero/restores', {
        metadata: { name: 'kymaros-r1' },
      }),
    ).toBeUndefined();
    expect(
      guard.check(
        'DELETE',
        '/apis/velero.io/v1/namespaces/velero/restores/kymaros-r1',
      ),
    ).toBeUndefined();
  });

  it.each([
    [
      'DELETE',
      `${backups}/kymaros-backup-1a2b3c`,
      undefined,
      /never changed or deleted/,
    ],
    [
      'DELETE',
      `${backups}/payments-daily-20261122020000`,
      undefined,
      /never changed or deleted/,
    ],
    ['DELETE', backups, undefined, /never changed or deleted/],
    [
      'DELETE',
      `${backups}?labelSelector=a%3Db`,
      undefined,
      /never changed or deleted/,
    ],
    [
      'PATCH',
      `${backups}/kymaros-backup-1a2b3c`,
      { spec: { ttl: '1s' } },
      /never changed or deleted/,
    ],
    [
      'PUT',
      `${backups}/kymaros-backup-1a2b3c`,
      { metadata: { name: 'kymaros-backup-1a2b3c' } },
      /never changed or deleted/,
    ],
    [
      'PUT',
      `${backups}/kymaros-backup-1a2b3c/status`,
      { status: { phase: 'Completed' } },
      /never changed or deleted/,
    ],
    [
      'POST',
      `${backups}/kymaros-backup-1a2b3c`,
      { metadata: { name: 'kymaros-backup-1a2b3c' } },
      /never changed or deleted/,
    ],
    [
      'POST',
      backups,
      { metadata: { generateName: 'kymaros-' } },
      /without generateName/,
    ],
    [
      'POST',
      backups,
      { metadata: { name: 'kymaros-b', generateName: 'kymaros-' } },
      /without generateName/,
    ],
    ['POST', backups, { metadata: {} }, /named in the request body/],
    ['POST', backups, undefined, /named in the request body/],
    [
      'POST',
      backups,
      { metadata: { name: 'payments-daily-now' } },
      /"payments-daily-now" does not start with "kymaros-"/,
    ],
    [
      'POST',
      '/apis/velero.io/v1/namespaces/velero/schedules',
      { metadata: { name: 'kymaros-s' } },
      /outside this run's sandboxes/,
    ],
    [
      'POST',
      '/apis/velero.io/v1/namespaces/velero/deletebackuprequests',
      { metadata: { name: 'kymaros-d' } },
      /outside this run's sandboxes/,
    ],
    [
      'POST',
      '/apis/velero.io/v1/namespaces/payments/backups',
      { metadata: { name: 'kymaros-b' } },
      /namespace "payments"/,
    ],
  ])('refuses %s %s (%j)', (method, path, body, reason) => {
    expect(guard.check(method as string, path as string, body)).toMatch(
      reason as RegExp,
    );
  });
});

describe('namespace mapping guard', () => {
  const base: MappingCheck = {
    mapping: { orders: 'kymaros-orders-abc123' },
    includedNamespaces: ['orders'],
    sources: ['orders'],
    runSandboxes: { orders: 'kymaros-orders-abc123' },
    liveLabels: {
      'kymaros-orders-abc123': {
        'kymaros.io/managed-by': 'kymaros-backstage',
        'kymaros.io/run': 'r1',
      },
    },
    runId: 'r1',
    forbidden: ['kube-system', 'kube-public', 'default', 'velero'],
  };

  it('accepts a mapping onto this run sandboxes', () => {
    expect(mappingViolations(base)).toEqual([]);
    expect(() => assertSafeMapping(base)).not.toThrow();
  });

  it.each<[string, Partial<MappingCheck>, RegExp]>([
    [
      'target kube-system',
      { mapping: { orders: 'kube-system' } },
      /protected namespace/,
    ],
    [
      'target the velero namespace',
      { mapping: { orders: 'velero' } },
      /protected namespace/,
    ],
    [
      'target another test sandbox',
      {
        mapping: { orders: 'kymaros-payments-zzz999' },
        liveLabels: {
          'kymaros-payments-zzz999': {
            'kymaros.io/managed-by': 'kymaros-backstage',
            'kymaros.io/run': 'r9',
          },
        },
      },
      /not the sandbox this run created/,
    ],
    ['restore in place', { mapping: { orders: 'orders' } }, /source namespace/],
    [
      'an unmapped included namespace',
      { includedNamespaces: ['orders', 'payments'] },
      /would be restored in place: payments/,
    ],
    [
      'a wildcard',
      { includedNamespaces: ['*', 'orders'] },
      /must not contain "\*"/,
    ],
    [
      'a source from kube-system',
      {
        mapping: { 'kube-system': 'kymaros-orders-abc123' },
        includedNamespaces: ['kube-system'],
      },
      /outside the test's sources: kube-system/,
    ],
    [
      'an unlabelled target',
      { liveLabels: { 'kymaros-orders-abc123': {} } },
      /not labelled as this run's sandbox/,
    ],
    ['a missing target', { liveLabels: {} }, /does not exist/],
    [
      'an empty mapping',
      { mapping: {}, includedNamespaces: [] },
      /mapping is empty/,
    ],
  ])('refuses %s', (_what, change, reason) => {
    const c = { ...base, ...change };
    expect(mappingViolations(c).join('; ')).toMatch(reason);
    expect(() => assertSafeMapping(c)).toThrow(NotAllowedError);
  });
});
