import { randomBytes } from 'node:crypto';
import https from 'node:https';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startProcess } from './processes.mjs';

const MANAGED = 'kymaros.io/managed-by=kymaros-backstage';
const VELERO_NAMESPACE = 'velero';

/** The kube-simulator as a process of its own, with the suite's scenario, on a free port. */
export async function startSimulator({ root, dir, scenario }) {
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  const proc = startProcess({
    name: 'kube-simulator',
    command: process.execPath,
    args: [
      path.join(root, 'packages/kube-simulator/bin/kube-simulator.js'),
      '--scenario',
      scenario,
      '--port',
      '0',
      '--token',
      randomBytes(16).toString('hex'),
      '--kubeconfig',
      kubeconfigPath,
    ],
    cwd: root,
    logFile: path.join(dir, 'kube-simulator.log'),
  });
  await proc.waitForOutput(/kubeconfig written to/, 60_000);
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  return new Simulator(proc, kc, kubeconfigPath);
}

class Simulator {
  constructor(proc, kc, kubeconfigPath) {
    this.process = proc;
    this.kubeconfigPath = kubeconfigPath;
    this.kc = kc;
    this.core = kc.makeApiClient(k8s.CoreV1Api);
    this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
  }

  /** Adds a fault rule (see the simulator's README: path regex, method, latencyMs, status, times). */
  addFault(rule) {
    return this.admin('POST', '/simulator/v1/faults', rule);
  }

  clearFaults() {
    return this.admin('DELETE', '/simulator/v1/faults');
  }

  /** Names of the sandbox namespaces and Velero Restores of one run that still exist, terminating or not. */
  async runObjects(runId, knownSandboxes = []) {
    const labelled = await this.core.listNamespace({
      labelSelector: `kymaros.io/run=${runId}`,
    });
    const names = new Set(labelled.items.map(ns => ns.metadata.name));
    for (const name of knownSandboxes)
      if (await this.namespaceExists(name)) names.add(name);
    const restores = await this.custom.listNamespacedCustomObject({
      group: 'velero.io',
      version: 'v1',
      namespace: VELERO_NAMESPACE,
      plural: 'restores',
    });
    return {
      sandboxes: [...names].sort(),
      restores: restores.items
        .filter(
          r =>
            r.metadata.name === `kymaros-${runId}` ||
            r.metadata.labels?.['kymaros.io/run'] === runId,
        )
        .map(r => r.metadata.name),
    };
  }

  /** Every managed sandbox and Velero Restore in the cluster, whichever run made it. */
  async managedObjects() {
    const namespaces = await this.core.listNamespace({
      labelSelector: MANAGED,
    });
    const restores = await this.custom.listNamespacedCustomObject({
      group: 'velero.io',
      version: 'v1',
      namespace: VELERO_NAMESPACE,
      plural: 'restores',
    });
    return {
      sandboxes: namespaces.items.map(ns => ns.metadata.name),
      restores: restores.items.map(r => r.metadata.name),
    };
  }

  async namespaceExists(name) {
    try {
      await this.core.readNamespace({ name });
      return true;
    } catch (e) {
      if (e.code === 404) return false;
      throw e;
    }
  }

  async admin(method, route, body) {
    const cluster = this.kc.getCurrentCluster();
    const url = new URL(route, cluster.server);
    const options = { method, headers: { 'Content-Type': 'application/json' } };
    await this.kc.applyToHTTPSOptions(options);
    return new Promise((resolve, reject) => {
      const req = https.request(url, options, res => {
        let text = '';
        res.on('data', d => (text += d));
        res.on('end', () => {
          if (res.statusCode >= 300)
            reject(
              new Error(
                `${method} ${route} answered ${res.statusCode}: ${text}`,
              ),
            );
          else resolve(text ? JSON.parse(text) : undefined);
        });
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  stop() {
    return this.process.stop();
  }
}
