import {
  ContractEndpoint,
  contractEndpoint,
  eventually,
  statusOf,
} from './endpoint';

jest.setTimeout(60_000);

describe('contract: namespaces', () => {
  let ep: ContractEndpoint;
  beforeAll(async () => {
    ep = await contractEndpoint();
  });
  afterAll(() => ep.stop());

  it('labels new namespaces and gives them a default ServiceAccount and kube-root-ca.crt', async () => {
    const ns = await ep.namespace('defaults');
    const obj = await ep.core.readNamespace({ name: ns });
    expect(obj.metadata!.labels!['kubernetes.io/metadata.name']).toBe(ns);
    expect(obj.spec!.finalizers).toEqual(['kubernetes']);
    expect(obj.status!.phase).toBe('Active');
    await eventually(
      async () =>
        (
          await ep.core.listNamespacedServiceAccount({ namespace: ns })
        ).items.some(s => s.metadata!.name === 'default'),
      30_000,
      'default ServiceAccount',
    );
    await eventually(
      async () =>
        (
          await ep.core.readNamespacedConfigMap({
            namespace: ns,
            name: 'kube-root-ca.crt',
          })
        ).data?.['ca.crt'] !== undefined,
      30_000,
      'kube-root-ca.crt',
    );
  });

  it('deletes only the incarnation named by a uid precondition (409 for another one)', async () => {
    const ns = await ep.namespace('precond');
    const live = await ep.core.readNamespace({ name: ns });
    const refused = await statusOf(
      ep.core.deleteNamespace({
        name: ns,
        body: {
          preconditions: { uid: '00000000-0000-0000-0000-000000000000' },
        },
      }),
    );
    expect(refused.code).toBe(409);
    const kept = await ep.core.readNamespace({ name: ns });
    expect(kept.metadata!.deletionTimestamp).toBeUndefined();
    await ep.core.deleteNamespace({
      name: ns,
      body: { preconditions: { uid: live.metadata!.uid! } },
    });
    const deleted = await ep.core.readNamespace({ name: ns });
    expect(deleted.status!.phase).toBe('Terminating');
  });

  it('terminates asynchronously, refuses new content meanwhile, and removes everything inside', async () => {
    const ns = await ep.namespace('term');
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'held', finalizers: ['kymaros.io/hold'] } },
    });
    await ep.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 's' }, stringData: { a: 'b' } },
    });
    // The answer is typed V1Status by the client, though the server sends the Namespace: read it back.
    await ep.core.deleteNamespace({ name: ns });
    const deleted = await ep.core.readNamespace({ name: ns });
    expect(deleted.metadata!.deletionTimestamp).toBeInstanceOf(Date);
    expect(deleted.status!.phase).toBe('Terminating');

    const forbidden = await statusOf(
      ep.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'late' } },
      }),
    );
    expect(forbidden.code).toBe(403);
    expect(forbidden.reason).toBe('Forbidden');
    expect(forbidden.message).toContain('because it is being terminated');
    expect(forbidden.details.causes[0]).toMatchObject({
      reason: 'NamespaceTerminating',
      field: 'metadata.namespace',
    });

    // Deleting again is accepted and changes nothing.
    await ep.core.deleteNamespace({ name: ns });
    const again = await ep.core.readNamespace({ name: ns });
    expect(again.metadata!.deletionTimestamp).toEqual(
      deleted.metadata!.deletionTimestamp,
    );
    expect(again.status!.phase).toBe('Terminating');

    // The Secret goes; the ConfigMap waits for its finalizer and holds the namespace.
    await eventually(
      async () =>
        (
          await statusOf(
            ep.core.readNamespacedSecret({ namespace: ns, name: 's' }),
          )
        ).code === 404,
      30_000,
      'secret removal',
    );
    const stuck = await ep.core.readNamespace({ name: ns });
    expect(stuck.status!.phase).toBe('Terminating');
    await eventually(
      async () =>
        (
          await ep.core.readNamespace({ name: ns })
        ).status?.conditions?.some(
          c => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True',
        ),
      30_000,
      'NamespaceFinalizersRemaining',
    );
    await ep.core.patchNamespacedConfigMap({
      namespace: ns,
      name: 'held',
      body: [{ op: 'remove', path: '/metadata/finalizers' }],
    });
    await eventually(
      async () =>
        (await statusOf(ep.core.readNamespace({ name: ns }))).code === 404,
      60_000,
      'namespace removal',
    );
  });

  it('refuses to delete protected namespaces', async () => {
    const status = await statusOf(
      ep.core.deleteNamespace({ name: 'kube-system' }),
    );
    expect(status.code).toBe(403);
  });
});
