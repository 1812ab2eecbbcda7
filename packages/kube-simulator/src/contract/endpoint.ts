import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import * as k8s from '@kubernetes/client-node';
import { startSimulator, RunningSimulator } from '../Simulator';

/**
 * The cluster a contract test talks to. By default a fresh simulator; with
 * `KYMAROS_CONTRACT_KUBECONFIG` set, the real API server that kubeconfig
 * names, so the same tests keep the simulator honest.
 */
export interface ContractEndpoint {
  kind: 'simulator' | 'real';
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  batch: k8s.BatchV1Api;
  networking: k8s.NetworkingV1Api;
  custom: k8s.CustomObjectsApi;
  apiext: k8s.ApiextensionsV1Api;
  veleroNamespace: string;
  /** Forces watch history to be forgotten where the endpoint allows it. */
  compact(): Promise<void>;
  /** Creates a namespace unique to this test run and removes it in `stop()`. */
  namespace(prefix: string): Promise<string>;
  stop(): Promise<void>;
  simulator?: RunningSimulator;
}

let counter = 0;

export async function contractEndpoint(): Promise<ContractEndpoint> {
  const kc = new k8s.KubeConfig();
  let simulator: RunningSimulator | undefined;
  const path = process.env.KYMAROS_CONTRACT_KUBECONFIG;
  if (path) {
    kc.loadFromString(readFileSync(path, 'utf8'));
  } else {
    simulator = await startSimulator({
      timings: {
        podStartMs: 150,
        jobRunMs: 150,
        namespaceTerminationMs: 150,
        veleroStepMs: 100,
        bookmarkIntervalMs: 200,
      },
    });
    kc.loadFromString(simulator.kubeconfigYaml);
  }
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const created: string[] = [];
  const runId = Math.random().toString(36).slice(2, 7);
  return {
    kind: simulator ? 'simulator' : 'real',
    kc,
    core,
    apps: kc.makeApiClient(k8s.AppsV1Api),
    batch: kc.makeApiClient(k8s.BatchV1Api),
    networking: kc.makeApiClient(k8s.NetworkingV1Api),
    custom: kc.makeApiClient(k8s.CustomObjectsApi),
    apiext: kc.makeApiClient(k8s.ApiextensionsV1Api),
    veleroNamespace:
      process.env.KYMAROS_CONTRACT_VELERO_NAMESPACE ??
      simulator?.veleroNamespace ??
      'velero',
    simulator,
    async compact() {
      // A real API server compacts on its own schedule; very old versions are already gone there.
      if (simulator) await simulatorAdmin(kc, 'POST', '/simulator/v1/compact');
    },
    async namespace(prefix: string) {
      const name = `${prefix}-${runId}-${++counter}`;
      await core.createNamespace({ body: { metadata: { name } } });
      created.push(name);
      return name;
    },
    async stop() {
      for (const name of created) {
        await core.deleteNamespace({ name }).catch(() => undefined);
      }
      await simulator?.stop();
    },
  };
}

/** A raw request with the kubeconfig's credentials, for what the typed clients do not expose. */
export async function rawRequest(
  kc: k8s.KubeConfig,
  path: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const requestOptions: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(requestOptions);
  const url = new URL(path, kc.getCurrentCluster()!.server);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        ...requestOptions,
        method: init.method ?? 'GET',
        headers: { ...requestOptions.headers, ...(init.headers ?? {}) },
      },
      res => {
        let body = '';
        res.on('data', c => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body }),
        );
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Calls the simulator's admin API (not part of the Kubernetes API). */
export async function simulatorAdmin(
  kc: k8s.KubeConfig,
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const res = await rawRequest(kc, path, {
    method,
    body: body ? JSON.stringify(body) : undefined,
    headers: { 'Content-Type': 'application/json' },
  });
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${res.body}`);
  return res.body ? JSON.parse(res.body) : undefined;
}

/** Polls until `fn` returns a truthy value, or fails with the last value seen. */
export async function eventually<T>(
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 15000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out waiting for ${what}; last: ${
          last instanceof Error ? last.message : JSON.stringify(last)
        }`,
      );
    await new Promise(r => setTimeout(r, 50));
  }
}

/** The parsed Status of a failed call. */
export async function statusOf(
  p: Promise<unknown>,
): Promise<{ code: number; reason: string; message: string; details?: any }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof k8s.ApiException) {
      let body: any = e.body;
      try {
        if (typeof body === 'string') body = JSON.parse(body);
      } catch {
        // Proxied answers carry the upstream body, which need not be a Status.
        return { code: e.code, reason: '', message: body };
      }
      return {
        code: e.code,
        reason: body?.reason,
        message: body?.message,
        details: body?.details,
      };
    }
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** GET of a pre-signed object-store URL (no Kubernetes credentials), trusting `ca` for HTTPS. */
export function fetchObject(
  url: string,
  ca?: string,
): Promise<{ status: number; body: Buffer }> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    mod
      .get(url, { ca }, res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}
