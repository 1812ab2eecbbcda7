import { PassThrough, Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import {
  ContractEndpoint,
  contractEndpoint,
  eventually,
  statusOf,
} from './endpoint';

jest.setTimeout(60_000);

const http = JSON.stringify({
  '/healthz': { status: 200, body: 'healthy' },
  '/broken': { status: 500, body: 'boom' },
});

function app(
  name: string,
  annotations: Record<string, string> = {},
  replicas = 2,
): k8s.V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: {
          containers: [
            {
              name: 'main',
              image: 'example/app:1',
              ports: [{ name: 'http', containerPort: 8081 }],
            },
          ],
        },
      },
    },
  };
}

const ready = (p: k8s.V1Pod) =>
  p.status?.phase === 'Running' &&
  !!p.status.conditions?.some(c => c.type === 'Ready' && c.status === 'True');

describe('contract: workloads', () => {
  let ep: ContractEndpoint;
  let ns: string;
  const onKwokNode = async (pod: k8s.V1Pod) =>
    ep.kind === 'real' &&
    (await ep.core.readNode({ name: pod.spec!.nodeName! })).metadata
      ?.annotations?.['kwok.x-k8s.io/node'] === 'fake';
  beforeAll(async () => {
    ep = await contractEndpoint();
    ns = await ep.namespace('work');
  });
  afterAll(() => ep.stop());

  it('rolls a Deployment out through a ReplicaSet to Ready pods', async () => {
    await ep.apps.createNamespacedDeployment({
      namespace: ns,
      body: app('web', { 'sim.kymaros.io/http': http }),
    });
    const dep = await eventually(
      async () => {
        const d = await ep.apps.readNamespacedDeployment({
          namespace: ns,
          name: 'web',
        });
        return d.status?.readyReplicas === 2 && d;
      },
      30_000,
      'deployment ready',
    );
    expect(
      dep.status!.conditions!.find(c => c.type === 'Available')!.status,
    ).toBe('True');
    const rs = (
      await ep.apps.listNamespacedReplicaSet({
        namespace: ns,
        labelSelector: 'app=web',
      })
    ).items;
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata!.ownerReferences![0]).toMatchObject({
      kind: 'Deployment',
      name: 'web',
      controller: true,
    });
    const pods = (
      await ep.core.listNamespacedPod({
        namespace: ns,
        labelSelector: 'app=web',
      })
    ).items;
    expect(pods.filter(ready)).toHaveLength(2);
    expect(pods[0].metadata!.labels!['pod-template-hash']).toBeTruthy();
    expect(pods[0].status!.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it('gives a Service Endpoints of its ready pods and proxies HTTP to them', async () => {
    await ep.core.createNamespacedService({
      namespace: ns,
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { app: 'web' },
          ports: [{ name: 'http', port: 80, targetPort: 'http' as any }],
        },
      },
    });
    const endpoints = await eventually(
      async () => {
        const e = await ep.core.readNamespacedEndpoints({
          namespace: ns,
          name: 'web',
        });
        return (e.subsets?.[0]?.addresses?.length ?? 0) === 2 && e;
      },
      30_000,
      'endpoints',
    );
    expect(endpoints.subsets![0].ports![0].port).toBe(8081);
    const body = await ep.core.connectGetNamespacedServiceProxyWithPath({
      namespace: ns,
      name: 'web:http',
      path: 'healthz',
    });
    expect(body).toBe('healthy');
    const failing = await statusOf(
      ep.core.connectGetNamespacedServiceProxyWithPath({
        namespace: ns,
        name: 'web:80',
        path: 'broken',
      }),
    );
    expect(failing.code).toBe(500);
    expect(failing.message).toBe('boom');
  });

  it('answers 503 through the proxy of a Service without ready endpoints', async () => {
    await ep.core.createNamespacedService({
      namespace: ns,
      body: {
        metadata: { name: 'nobody' },
        spec: { selector: { app: 'nobody' }, ports: [{ port: 80 }] },
      },
    });
    // A real API server answers 404 until the endpoints controller has
    // written the Service's (empty) Endpoints, a moment after its creation.
    const status = await eventually(
      async () => {
        const answer = await statusOf(
          ep.core.connectGetNamespacedServiceProxyWithPath({
            namespace: ns,
            name: 'nobody:80',
            path: 'x',
          }),
        );
        return answer.code !== 404 && answer;
      },
      30_000,
      'the proxy to know the Service',
    );
    expect(status.code).toBe(503);
    expect(status.message).toContain(
      'no endpoints available for service "nobody"',
    );
  });

  it('crash-loops a pod whose container is OOMKilled', async () => {
    await ep.apps.createNamespacedDeployment({
      namespace: ns,
      body: app(
        'hungry',
        {
          'sim.kymaros.io/start': 'crashloop',
          'sim.kymaros.io/crash-reason': 'OOMKilled',
        },
        1,
      ),
    });
    const pod = await eventually(
      async () => {
        const p = (
          await ep.core.listNamespacedPod({
            namespace: ns,
            labelSelector: 'app=hungry',
          })
        ).items[0];
        return (
          p?.status?.containerStatuses?.[0]?.state?.waiting?.reason ===
            'CrashLoopBackOff' && p
        );
      },
      30_000,
      'CrashLoopBackOff',
    );
    const cs = pod.status!.containerStatuses![0];
    expect(cs.lastState!.terminated).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
    });
    expect(cs.ready).toBe(false);
    expect(cs.restartCount).toBeGreaterThanOrEqual(1);
    const dep = await ep.apps.readNamespacedDeployment({
      namespace: ns,
      name: 'hungry',
    });
    expect(dep.status?.readyReplicas ?? 0).toBe(0);
  });

  it('leaves an unschedulable pod Pending', async () => {
    await ep.apps.createNamespacedDeployment({
      namespace: ns,
      body: app('stuck', { 'sim.kymaros.io/start': 'pending' }, 1),
    });
    const pod = await eventually(
      async () => {
        const p = (
          await ep.core.listNamespacedPod({
            namespace: ns,
            labelSelector: 'app=stuck',
          })
        ).items[0];
        return (
          p?.status?.conditions?.some(
            c => c.type === 'PodScheduled' && c.status === 'False',
          ) && p
        );
      },
      30_000,
      'Unschedulable',
    );
    expect(pod.status!.phase).toBe('Pending');
    expect(
      pod.status!.conditions!.find(c => c.type === 'PodScheduled')!.reason,
    ).toBe('Unschedulable');
  });

  it('runs a StatefulSet in order with a claim per replica', async () => {
    await ep.apps.createNamespacedStatefulSet({
      namespace: ns,
      body: {
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          replicas: 2,
          selector: { matchLabels: { app: 'db' } },
          template: {
            metadata: { labels: { app: 'db' } },
            spec: {
              containers: [
                {
                  name: 'pg',
                  image: 'postgres:16',
                  ports: [{ containerPort: 5432 }],
                },
              ],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: {
                accessModes: ['ReadWriteOnce'],
                resources: { requests: { storage: '1Gi' } },
              },
            },
          ],
        },
      },
    });
    await eventually(
      async () =>
        (
          await ep.apps.readNamespacedStatefulSet({ namespace: ns, name: 'db' })
        ).status?.readyReplicas === 2,
      30_000,
      'statefulset ready',
    );
    const pods = (
      await ep.core.listNamespacedPod({
        namespace: ns,
        labelSelector: 'app=db',
      })
    ).items
      .map(p => p.metadata!.name)
      .sort();
    expect(pods).toEqual(['db-0', 'db-1']);
    const claims = await eventually(
      async () => {
        const c = (
          await ep.core.listNamespacedPersistentVolumeClaim({ namespace: ns })
        ).items.filter(x => x.metadata!.name!.startsWith('data-db-'));
        return c.length === 2 && c.every(x => x.status?.phase === 'Bound') && c;
      },
      30_000,
      'bound claims',
    );
    expect(claims.map(c => c.metadata!.name).sort()).toEqual([
      'data-db-0',
      'data-db-1',
    ]);
  });

  it('runs Jobs to success or failure', async () => {
    const job = (
      name: string,
      command: string[],
      backoffLimit = 0,
    ): k8s.V1Job => ({
      metadata: { name },
      spec: {
        backoffLimit,
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [{ name: 'task', image: 'busybox:1', command }],
          },
        },
      },
    });
    await ep.batch.createNamespacedJob({
      namespace: ns,
      body: job('ok', ['sh', '-c', 'exit 0']),
    });
    await ep.batch.createNamespacedJob({
      namespace: ns,
      body: {
        ...job('bad', ['sh', '-c', 'exit 3']),
        spec: {
          ...job('bad', []).spec!,
          template: {
            metadata: { annotations: { 'sim.kymaros.io/exit-code': '3' } },
            spec: job('bad', ['sh', '-c', 'exit 3']).spec!.template.spec,
          },
        },
      },
    });
    const done = (name: string, type: string) =>
      eventually(
        async () =>
          (
            await ep.batch.readNamespacedJob({ namespace: ns, name })
          ).status?.conditions?.some(
            c => c.type === type && c.status === 'True',
          ),
        30_000,
        `${name} ${type}`,
      );
    await done('ok', 'Complete');
    await done('bad', 'Failed');
    const okJob = await ep.batch.readNamespacedJob({
      namespace: ns,
      name: 'ok',
    });
    expect(okJob.status!.succeeded).toBe(1);
    const badPods = (
      await ep.core.listNamespacedPod({
        namespace: ns,
        labelSelector: 'job-name=bad',
      })
    ).items;
    expect(
      badPods[0].status!.containerStatuses![0].state!.terminated!.exitCode,
    ).toBe(3);
  });

  it('executes commands over the v5 channel protocol with exit codes', async () => {
    const pod = (
      await ep.core.listNamespacedPod({
        namespace: ns,
        labelSelector: 'app=web',
      })
    ).items.find(ready)!;
    const run = (command: string[]) =>
      new Promise<{ out: string; status: k8s.V1Status }>((resolve, reject) => {
        let out = '';
        const stdout = new Writable({
          write: (c, _e, cb) => {
            out += c.toString();
            cb();
          },
        });
        new k8s.Exec(ep.kc)
          .exec(
            ns,
            pod.metadata!.name!,
            'main',
            command,
            stdout,
            null,
            null,
            false,
            status => resolve({ out, status }),
          )
          .catch(reject);
      });
    const ok = await run(['sh', '-c', 'echo hello']);
    expect(ok.out).toBe('hello\n');
    expect(ok.status.status).toBe('Success');
    const fail = await run(['sh', '-c', 'exit 3']);
    expect(fail.status.status).toBe('Failure');
    // A kubelet answers NonZeroExitCode with the code as a cause. kwok runs the
    // command locally and reports its exit as an internal error (see the README).
    const kubelet = {
      reason: 'NonZeroExitCode',
      causes: [expect.objectContaining({ reason: 'ExitCode', message: '3' })],
    };
    const kwok = {
      reason: 'InternalError',
      message: expect.stringContaining('exit status 3'),
    };
    expect({
      reason: fail.status.reason,
      ...((await onKwokNode(pod))
        ? { message: fail.status.message }
        : { causes: fail.status.details?.causes }),
    }).toEqual((await onKwokNode(pod)) ? kwok : kubelet);
  });

  it('forwards a port over v4.channel.k8s.io and refuses closed ports', async () => {
    const pod = (
      await ep.core.listNamespacedPod({
        namespace: ns,
        labelSelector: 'app=web',
      })
    ).items.find(ready)!;
    const forward = (port: number, payload: string) =>
      new Promise<{ data: string; error: string }>(resolve => {
        let data = '';
        let error = '';
        const input = new PassThrough();
        const output = new Writable({
          write: (c, _e, cb) => {
            data += c.toString();
            cb();
          },
        });
        const errors = new Writable({
          write: (c, _e, cb) => {
            error += c.toString();
            cb();
          },
        });
        new k8s.PortForward(ep.kc)
          .portForward(ns, pod.metadata!.name!, [port], output, errors, input)
          .then(ws => {
            input.write(payload);
            setTimeout(() => {
              (ws as any).close?.();
              resolve({ data, error });
            }, 500);
          });
      });
    const open = await forward(
      8081,
      'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(open.error).toBe('');
    expect(open.data).toContain('200');
    expect(open.data).toContain('healthy');
    const closed = await forward(9999, 'ping');
    expect(closed.error).toContain('connection refused');
  });

  it('serves container logs', async () => {
    await ep.apps.createNamespacedDeployment({
      namespace: ns,
      body: app(
        'talker',
        { 'sim.kymaros.io/log': 'line 1\nline 2\nline 3\n' },
        1,
      ),
    });
    const pod = await eventually(
      async () =>
        (
          await ep.core.listNamespacedPod({
            namespace: ns,
            labelSelector: 'app=talker',
          })
        ).items.find(ready),
      30_000,
      'talker ready',
    );
    // A real node may report the pod Ready a moment before its container log exists (kwok answers
    // 400 "no logs found" until then), so the read is retried briefly.
    const log = await eventually(
      () =>
        ep.core.readNamespacedPodLog({
          namespace: ns,
          name: pod.metadata!.name!,
          tailLines: 2,
        }),
      10_000,
      'talker log',
    );
    expect(log).toBe('line 2\nline 3\n');
  });

  it('deletes dependents when their owner goes', async () => {
    await ep.apps.deleteNamespacedDeployment({ namespace: ns, name: 'talker' });
    await eventually(
      async () =>
        (
          await ep.core.listNamespacedPod({
            namespace: ns,
            labelSelector: 'app=talker',
          })
        ).items.length === 0,
      30_000,
      'pods collected',
    );
    expect(
      (
        await ep.apps.listNamespacedReplicaSet({
          namespace: ns,
          labelSelector: 'app=talker',
        })
      ).items,
    ).toHaveLength(0);
  });
});
