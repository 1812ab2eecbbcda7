import type { BackupObject } from '@kymaros/plugin-kymaros-node';
import { referenceFields } from './referenceFields';

const object = (kind: string, apiVersion: string, body: any): BackupObject => ({
  apiVersion,
  kind,
  namespace: 'shop',
  name: 'web',
  resource: '',
  body,
});

describe('referenceFields', () => {
  it('reads env values, command and args of containers and init containers', () => {
    const deployment = object('Deployment', 'apps/v1', {
      spec: {
        template: {
          spec: {
            initContainers: [
              { name: 'migrate', args: ['--db', 'db.shop.svc'] },
            ],
            containers: [
              {
                name: 'web',
                command: ['/bin/web', 7],
                env: [
                  { name: 'DB_HOST', value: 'db.shop.svc' },
                  {
                    name: 'TOKEN',
                    valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
                  },
                ],
              },
            ],
          },
        },
      },
    });
    expect(referenceFields(deployment)).toEqual([
      {
        pointer: '/spec/template/spec/initContainers/0/args/0',
        field: 'args of init container migrate',
        value: '--db',
      },
      {
        pointer: '/spec/template/spec/initContainers/0/args/1',
        field: 'args of init container migrate',
        value: 'db.shop.svc',
      },
      {
        pointer: '/spec/template/spec/containers/0/env/0/value',
        field: 'env DB_HOST of container web',
        value: 'db.shop.svc',
      },
      {
        pointer: '/spec/template/spec/containers/0/command/0',
        field: 'command of container web',
        value: '/bin/web',
      },
    ]);
  });

  it('reads the template inside a CronJob', () => {
    const cron = object('CronJob', 'batch/v1', {
      spec: {
        jobTemplate: {
          spec: {
            template: { spec: { containers: [{ name: 'c', args: ['x'] }] } },
          },
        },
      },
    });
    expect(referenceFields(cron)[0].pointer).toBe(
      '/spec/jobTemplate/spec/template/spec/containers/0/args/0',
    );
  });

  it('reads owned ReplicaSets and Pods: they come back with the old values', () => {
    const owner = { ownerReferences: [{ kind: 'ReplicaSet' }] };
    const container = {
      name: 'c',
      env: [{ name: 'DB', value: 'db.shop.svc' }],
    };
    const pod = object('Pod', 'v1', {
      metadata: owner,
      spec: { containers: [container] },
    });
    const rs = object('ReplicaSet', 'apps/v1', {
      metadata: owner,
      spec: { template: { spec: { containers: [container] } } },
    });
    expect(referenceFields(pod).map(f => f.pointer)).toEqual([
      '/spec/containers/0/env/0/value',
    ]);
    expect(referenceFields(rs).map(f => f.pointer)).toEqual([
      '/spec/template/spec/containers/0/env/0/value',
    ]);
  });

  it('reads ConfigMap data with keys escaped in the pointer', () => {
    const cm = object('ConfigMap', 'v1', {
      data: { 'app.properties': 'a', 'conf/x~y': 'b' },
      binaryData: { bin: 'AAAA' },
    });
    expect(referenceFields(cm)).toEqual([
      {
        pointer: '/data/app.properties',
        field: 'data.app.properties',
        value: 'a',
      },
      { pointer: '/data/conf~1x~0y', field: 'data.conf/x~y', value: 'b' },
    ]);
  });

  it('reads an ExternalName target', () => {
    const svc = object('Service', 'v1', {
      spec: { type: 'ExternalName', externalName: 'db.prod.svc' },
    });
    expect(referenceFields(svc)).toEqual([
      {
        pointer: '/spec/externalName',
        field: 'spec.externalName',
        value: 'db.prod.svc',
      },
    ]);
  });

  it('reads nothing from Secrets, other kinds, or objects without a spec', () => {
    expect(
      referenceFields(
        object('Secret', 'v1', { data: { url: 'ZGIuc2hvcC5zdmM=' } }),
      ),
    ).toEqual([]);
    expect(referenceFields(object('Deployment', 'apps/v1', {}))).toEqual([]);
    expect(referenceFields(object('Service', 'v1', {}))).toEqual([]);
    expect(referenceFields(object('ConfigMap', 'v1', {}))).toEqual([]);
    expect(
      referenceFields(
        object('Deployment', 'apps/v1', {
          spec: { template: { spec: { containers: 'x' } } },
        }),
      ),
    ).toEqual([]);
  });
});
