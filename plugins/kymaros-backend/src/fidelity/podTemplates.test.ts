import type { BackupObject } from '@kymaros/plugin-kymaros-node';
import { podTemplateOf } from './podTemplates';

const object = (
  kind: string,
  body: Record<string, any>,
  apiVersion = { Pod: 'v1', Job: 'batch/v1', CronJob: 'batch/v1' }[kind] ??
    'apps/v1',
): BackupObject => ({
  apiVersion,
  kind,
  namespace: 'shop',
  name: 'x',
  resource: '',
  body,
});
const pod = { containers: [{ name: 'c' }] };

describe('podTemplateOf', () => {
  it('finds the template of each workload kind and its pod count', () => {
    expect(
      podTemplateOf(
        object('Deployment', {
          spec: { replicas: 3, template: { spec: pod } },
        }),
      ),
    ).toEqual({
      path: ['spec', 'template', 'spec'],
      spec: pod,
      pods: 3,
      owned: false,
    });
    expect(
      podTemplateOf(
        object('StatefulSet', { spec: { template: { spec: pod } } }),
      )?.pods,
    ).toBe(1);
    expect(
      podTemplateOf(object('DaemonSet', { spec: { template: { spec: pod } } }))
        ?.pods,
    ).toBe(1);
    expect(
      podTemplateOf(
        object('CronJob', {
          spec: { jobTemplate: { spec: { template: { spec: pod } } } },
        }),
      ),
    ).toEqual({
      path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
      spec: pod,
      pods: 0,
      owned: false,
    });
    expect(podTemplateOf(object('Pod', { spec: pod }))).toEqual({
      path: ['spec'],
      spec: pod,
      pods: 1,
      owned: false,
    });
  });

  it('counts a Job by parallelism, bounded by completions', () => {
    const job = (spec: object) =>
      podTemplateOf(
        object('Job', { spec: { ...spec, template: { spec: pod } } }),
      )?.pods;
    expect(job({ parallelism: 4 })).toBe(4);
    expect(job({ parallelism: 4, completions: 2 })).toBe(2);
    expect(job({})).toBe(1);
    expect(job({ parallelism: 0 })).toBe(0);
  });

  it('marks owned ReplicaSets and Pods, still giving their pod spec', () => {
    const owned = { metadata: { ownerReferences: [{ kind: 'Deployment' }] } };
    expect(
      podTemplateOf(
        object('ReplicaSet', { ...owned, spec: { template: { spec: pod } } }),
      ),
    ).toMatchObject({ spec: pod, owned: true });
    expect(podTemplateOf(object('Pod', { ...owned, spec: pod }))).toMatchObject(
      { path: ['spec'], spec: pod, owned: true },
    );
    expect(
      podTemplateOf(
        object('ReplicaSet', {
          spec: { replicas: 2, template: { spec: pod } },
        }),
      ),
    ).toMatchObject({ pods: 2, owned: false });
  });

  it('ignores other kinds, other groups and objects without a spec', () => {
    expect(
      podTemplateOf(object('ConfigMap', { data: {} }, 'v1')),
    ).toBeUndefined();
    expect(
      podTemplateOf(
        object(
          'Deployment',
          { spec: { template: { spec: pod } } },
          'example.com/v1',
        ),
      ),
    ).toBeUndefined();
    expect(podTemplateOf(object('Deployment', {}))).toBeUndefined();
    expect(
      podTemplateOf({ ...object('Pod', {}), body: undefined as any }),
    ).toBeUndefined();
  });
});
