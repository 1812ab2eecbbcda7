import * as http from 'node:http';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { Behaviours, type HttpAnswer } from '../scenario/behaviours';
import type { KubeObject } from '../store/types';
import { upstreamRouteFor } from '../scenario/upstreamCalls';
import { containerPorts, criLog, logsRule, portForwardRule } from './kwokRules';
import { callUpstream } from './apiUpstream';

interface Served {
  fingerprint: string;
  logDir: string;
  servers: http.Server[];
}

export interface PodAgentOptions {
  kubeConfig: k8s.KubeConfig;
  /** Where container log files are written (kwok reads them). */
  stateDir: string;
  log?: (message: string) => void;
}

const running = (pod: KubeObject) =>
  !pod.metadata.deletionTimestamp &&
  !!pod.status?.podIP &&
  pod.status?.phase === 'Running' &&
  (pod.status.containerStatuses ?? []).some((c: any) => c.state?.running);

/**
 * Gives the pods of a kwok node what a kubelet and a container would: on a
 * real cluster whose pod CIDR is local (the test network namespace), it
 * answers HTTP on every declared container port at the pod's IP from the
 * pod's `sim.kymaros.io/http` table (refusing `sim.kymaros.io/tcp-refuse`
 * ports; `sim.kymaros.io/upstream` routes call the Service they name), and
 * writes kwok `PortForward` and `Logs` rules so that port-forward reaches
 * those listeners and logs serve `sim.kymaros.io/log`. The same
 * annotations drive the kube-simulator, so fixtures behave alike on both.
 */
export class PodAgent {
  private readonly behaviours = new Behaviours();
  private readonly served = new Map<string, Served>();
  private readonly pods = new Map<string, KubeObject>();
  private informer?: k8s.Informer<k8s.V1Pod>;
  private readonly custom: k8s.CustomObjectsApi;
  private readonly log: (message: string) => void;

  constructor(private readonly options: PodAgentOptions) {
    this.custom = options.kubeConfig.makeApiClient(k8s.CustomObjectsApi);
    this.log = options.log ?? (m => process.stderr.write(`${m}\n`));
  }

  async start(): Promise<void> {
    const core = this.options.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const informer = k8s.makeInformer(
      this.options.kubeConfig,
      '/api/v1/pods',
      () => core.listPodForAllNamespaces(),
    );
    const onPod = (pod: k8s.V1Pod) =>
      this.reconcile(pod as unknown as KubeObject).catch(e =>
        this.log(`pod ${key(pod as any)}: ${e?.body ?? e}`),
      );
    informer.on('add', onPod);
    informer.on('update', onPod);
    informer.on('delete', pod => {
      this.pods.delete(key(pod as any));
      this.release(key(pod as any));
    });
    informer.on('error', () =>
      setTimeout(() => informer.start().catch(() => undefined), 1000),
    );
    this.informer = informer;
    await informer.start();
  }

  async stop(): Promise<void> {
    await this.informer?.stop();
    for (const k of [...this.served.keys()]) this.release(k);
  }

  private async reconcile(pod: KubeObject): Promise<void> {
    const k = key(pod);
    this.pods.set(k, pod);
    if (!running(pod)) {
      this.release(k);
      return;
    }
    const ip: string = pod.status.podIP;
    const fingerprint = JSON.stringify([
      pod.metadata.uid,
      ip,
      containerPorts(pod),
      pod.metadata.annotations ?? {},
    ]);
    if (this.served.get(k)?.fingerprint === fingerprint) return;
    this.release(k);
    const m = pod.metadata;
    const entry: Served = {
      fingerprint,
      logDir: join(
        this.options.stateDir,
        'logs',
        `${m.namespace}_${m.name}_${m.uid}`,
      ),
      servers: [],
    };
    this.served.set(k, entry);
    for (const port of containerPorts(pod)) {
      if (this.behaviours.tcpRefused(pod, port)) continue;
      const server = http.createServer((req, res) => {
        const current = this.pods.get(k) ?? pod;
        this.answer(current, req.url ?? '/')
          .catch(
            (e): HttpAnswer => ({
              status: 500,
              body: `pod agent: ${e?.body ?? e}`,
            }),
          )
          .then(answer => {
            const body = Buffer.from(answer.body ?? '');
            res.writeHead(answer.status, {
              'Content-Type': answer.contentType ?? 'text/plain; charset=utf-8',
              'Content-Length': body.length,
            });
            res.end(body);
          });
      });
      server.on('error', e =>
        this.log(`listen ${ip}:${port} (${k}): ${e.message}`),
      );
      server.listen(port, ip);
      entry.servers.push(server);
    }
    const dir = entry.logDir;
    mkdirSync(dir, { recursive: true });
    const text = criLog(this.behaviours.log(pod), new Date());
    const fileOf = (container: string) => join(dir, `${container}.log`);
    for (const c of pod.spec?.containers ?? [])
      writeFileSync(fileOf(c.name), text);
    await this.upsert('portforwards', portForwardRule(pod, ip));
    await this.upsert('logs', logsRule(pod, fileOf));
  }

  /** An upstream route calls its Service; any other path answers from the HTTP table. */
  private async answer(pod: KubeObject, path: string): Promise<HttpAnswer> {
    const route = upstreamRouteFor(pod, path);
    if (!route) return this.behaviours.httpAnswer(pod, path);
    return callUpstream(this.options.kubeConfig, pod, route);
  }

  private release(k: string) {
    const entry = this.served.get(k);
    if (!entry) return;
    this.served.delete(k);
    entry.servers.forEach(s => s.close());
    rmSync(entry.logDir, { recursive: true, force: true });
  }

  /** Create, or replace what is there (the rule of an earlier pod of that name). */
  private async upsert(plural: string, body: any): Promise<void> {
    const target = {
      group: 'kwok.x-k8s.io',
      version: 'v1alpha1',
      namespace: body.metadata.namespace,
      plural,
    };
    try {
      await this.custom.createNamespacedCustomObject({ ...target, body });
    } catch (e) {
      if (!(e instanceof k8s.ApiException && e.code === 409)) throw e;
      const existing: any = await this.custom.getNamespacedCustomObject({
        ...target,
        name: body.metadata.name,
      });
      body.metadata.resourceVersion = existing.metadata.resourceVersion;
      await this.custom.replaceNamespacedCustomObject({
        ...target,
        name: body.metadata.name,
        body,
      });
    }
  }
}

function key(pod: { metadata?: { namespace?: string; name?: string } }) {
  return `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}
