import { sharedHostAccessOf } from './sharedHostAccess';
import { backupObject } from './__testUtils__/backupObjects';

const withPod = (kind: string, pod: object, metadata: object = {}) =>
  backupObject(
    kind,
    'shop/app',
    kind === 'Pod'
      ? { metadata, spec: pod }
      : { metadata, spec: { template: { spec: pod } } },
  );

describe('sharedHostAccessOf', () => {
  it('reports storage mounted straight from its server and the host network', () => {
    const app = withPod('Deployment', {
      hostNetwork: true,
      volumes: [
        { name: 'a', nfs: { server: '10.0.0.5', path: '/exports' } },
        { name: 'b', hostPath: { path: '/var/lib/app' } },
        { name: 'c', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'd', emptyDir: {} },
      ],
    });
    expect(sharedHostAccessOf(app)).toEqual([
      {
        change:
          "mounts NFS 10.0.0.5:/exports directly — shares the source's storage",
        notTested: "its isolation from the source's data",
      },
      {
        change:
          "mounts host path /var/lib/app directly — shares the source's storage",
        notTested: "its isolation from the source's data",
      },
      {
        change:
          "uses the host network — not isolated by the sandbox's network policies",
        notTested: 'its network isolation',
      },
    ]);
  });

  it('says nothing of claims, owned pods, or objects that run none', () => {
    const nfs = { volumes: [{ name: 'a', nfs: { server: 's', path: '/' } }] };
    expect(
      sharedHostAccessOf(
        withPod('Deployment', {
          volumes: [{ name: 'c', persistentVolumeClaim: { claimName: 'x' } }],
        }),
      ),
    ).toEqual([]);
    expect(
      sharedHostAccessOf(
        withPod('Pod', nfs, { ownerReferences: [{ kind: 'ReplicaSet' }] }),
      ),
    ).toEqual([]);
    expect(sharedHostAccessOf(withPod('Pod', nfs))).toHaveLength(1);
    expect(
      sharedHostAccessOf(backupObject('ConfigMap', 'shop/c', { data: {} })),
    ).toEqual([]);
  });
});
