import * as k8s from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { WriteGuard } from './WriteGuard';
import { guardedKubeConfig } from './guardedKubeConfig';
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
      /outside this run's sandboxes/,
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

describe('guarded clients', () => {
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
