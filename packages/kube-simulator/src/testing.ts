import * as k8s from '@kubernetes/client-node';
import {
  startSimulator,
  SimulatorOptions,
  RunningSimulator,
} from './Simulator';

/** A simulator with fast timings and typed clients, for the package's own tests. */
export async function testSimulator(options: SimulatorOptions = {}) {
  const sim: RunningSimulator = await startSimulator({
    ...options,
    timings: {
      podStartMs: 100,
      jobRunMs: 100,
      namespaceTerminationMs: 100,
      veleroStepMs: 100,
      bookmarkIntervalMs: 200,
      ...options.timings,
    },
  });
  const kc = new k8s.KubeConfig();
  kc.loadFromString(sim.kubeconfigYaml);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const velero = (plural: string) => ({
    group: 'velero.io',
    version: 'v1',
    namespace: sim.veleroNamespace,
    plural,
  });
  return {
    sim,
    kc,
    core: kc.makeApiClient(k8s.CoreV1Api),
    apps: kc.makeApiClient(k8s.AppsV1Api),
    custom,
    velero,
    getVelero: async (plural: string, name: string) =>
      (await custom.getNamespacedCustomObject({
        ...velero(plural),
        name,
      })) as any,
    createVelero: async (
      plural: string,
      kind: string,
      name: string,
      spec: object,
    ) =>
      (await custom.createNamespacedCustomObject({
        ...velero(plural),
        body: { apiVersion: 'velero.io/v1', kind, metadata: { name }, spec },
      })) as any,
  };
}

/** A clock tests can move forward. */
export function movableClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}
