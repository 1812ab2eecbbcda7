import { ResourceRegistry, builtInResources } from '../api/resources';
import type { KubeObject } from '../store/types';
import {
  leftOutOfRestore,
  resetForRestore,
  withRestoreLabels,
  type PlannedItem,
} from './restoreRules';

const registry = new ResourceRegistry(builtInResources);

function planned(object: Partial<KubeObject> & { kind: string }): PlannedItem {
  const apiVersion = object.apiVersion ?? 'v1';
  const source = {
    apiVersion,
    metadata: { name: 'x', namespace: 'shop' },
    ...object,
  } as KubeObject;
  return {
    type: registry.byKind(apiVersion, object.kind)!,
    source,
    target: source,
  };
}

describe('leftOutOfRestore', () => {
  it.each([
    [
      'a finished pod',
      planned({ kind: 'Pod', status: { phase: 'Succeeded' } }),
    ],
    [
      'a completed job',
      planned({
        apiVersion: 'batch/v1',
        kind: 'Job',
        status: { completionTime: '2024-01-01T00:00:00Z' },
      }),
    ],
    [
      'a service-account token',
      planned({ kind: 'Secret', type: 'kubernetes.io/service-account-token' }),
    ],
    ['endpoints', planned({ kind: 'Endpoints' })],
    [
      'a pod its ReplicaSet owns',
      planned({
        kind: 'Pod',
        metadata: {
          name: 'web-1',
          namespace: 'shop',
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: 'web',
              uid: 'u',
              controller: true,
            },
          ],
        },
      }),
    ],
  ])('leaves out %s', (_, item) => {
    expect(leftOutOfRestore(item)).toBe(true);
  });

  it.each([
    [
      'a running bare pod',
      planned({ kind: 'Pod', status: { phase: 'Running' } }),
    ],
    ['a job still running', planned({ apiVersion: 'batch/v1', kind: 'Job' })],
    ['an opaque secret', planned({ kind: 'Secret', type: 'Opaque' })],
    ['a config map', planned({ kind: 'ConfigMap' })],
  ])('restores %s', (_, item) => {
    expect(leftOutOfRestore(item)).toBe(false);
  });
});

describe('resetForRestore', () => {
  it('drops server-set metadata and status, and labels only when asked', () => {
    const source = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'settings',
        namespace: 'shop',
        uid: 'u',
        resourceVersion: '7',
        generateName: 'settings-',
        creationTimestamp: '2024-01-01T00:00:00Z',
        labels: { app: 'shop' },
      },
      status: { anything: true },
    } as KubeObject;
    const body = resetForRestore(source);
    expect(body.metadata).toEqual({
      name: 'settings',
      namespace: 'shop',
      labels: { app: 'shop' },
    });
    expect(body.status).toBeUndefined();
    expect(source.metadata.uid).toBe('u');
    expect(
      withRestoreLabels(body, { 'velero.io/restore-name': 'r1' }).metadata
        .labels,
    ).toEqual({ app: 'shop', 'velero.io/restore-name': 'r1' });
  });

  it("drops a Service's cluster IPs and node ports, but keeps a headless one", () => {
    const service = (clusterIP: string) =>
      resetForRestore({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'shop' },
        spec: {
          clusterIP,
          clusterIPs: [clusterIP],
          ports: [{ port: 80, nodePort: 30080 }],
        },
      } as KubeObject).spec;
    expect(service('10.0.0.5')).toEqual({ ports: [{ port: 80 }] });
    expect(service('None')).toEqual({
      clusterIP: 'None',
      clusterIPs: ['None'],
      ports: [{ port: 80 }],
    });
  });
});
