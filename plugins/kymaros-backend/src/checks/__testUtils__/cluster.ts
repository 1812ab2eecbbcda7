import * as k8s from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import type { CheckContext } from '@kymaros/plugin-kymaros-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';

type SimulatorOptions = Parameters<typeof testSimulator>[0];

export interface AppOptions {
  replicas?: number;
  /** Simulator behaviour annotations on the pod template (`sim.kymaros.io/*`). */
  annotations?: Record<string, string>;
  ports?: k8s.V1ContainerPort[];
  containers?: string[];
  image?: string;
}

let counter = 0;

/** A fresh simulator per test file, with helpers to build sandboxes, apps and check contexts. */
export async function checkCluster(options?: SimulatorOptions) {
  const t = await testSimulator(options);
  const batch = t.kc.makeApiClient(k8s.BatchV1Api);

  async function sandbox(source = 'shop'): Promise<string> {
    const name = `kymaros-test-${source}-${++counter}`;
    await t.core.createNamespace({
      body: {
        metadata: {
          name,
          labels: {
            'kymaros.io/managed-by': 'kymaros-backstage',
            'kymaros.io/test-namespace': source,
          },
        },
      },
    });
    return name;
  }

  async function app(
    namespace: string,
    name: string,
    settings: AppOptions = {},
  ) {
    const containers = settings.containers ?? ['main'];
    await t.apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name },
        spec: {
          replicas: settings.replicas ?? 1,
          selector: { matchLabels: { app: name } },
          template: {
            metadata: {
              labels: { app: name },
              annotations: settings.annotations,
            },
            spec: {
              containers: containers.map((c, i) => ({
                name: c,
                image: settings.image ?? 'example/app:1',
                ports: i === 0 ? settings.ports : undefined,
              })),
            },
          },
        },
      },
    });
  }

  async function service(
    namespace: string,
    name: string,
    ports: k8s.V1ServicePort[],
    /** `null` makes a Service without selector. */
    selector: Record<string, string> | null = { app: name },
  ) {
    await t.core.createNamespacedService({
      namespace,
      body: {
        metadata: { name },
        spec: { selector: selector ?? undefined, ports },
      },
    });
  }

  /** Resolves once `count` pods matching `app=<name>` are Ready. */
  async function readyPods(namespace: string, name: string, count = 1) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const pods = await t.core.listNamespacedPod({
        namespace,
        labelSelector: `app=${name}`,
      });
      const ready = pods.items.filter(p =>
        p.status?.conditions?.some(
          c => c.type === 'Ready' && c.status === 'True',
        ),
      );
      if (ready.length >= count) return ready;
      if (Date.now() > deadline)
        throw new Error(`pods of ${name} not ready in time`);
      await new Promise(r => setTimeout(r, 50));
    }
  }

  function context(
    namespace: string,
    overrides: Partial<CheckContext> = {},
  ): CheckContext {
    return {
      kubeConfig: t.kc,
      sandbox: namespace,
      sourceNamespace: 'shop',
      sandboxes: { shop: namespace },
      namespacePinned: false,
      signal: new AbortController().signal,
      timeoutMs: 5000,
      logger: mockServices.logger.mock(),
      labels: {
        'kymaros.io/managed-by': 'kymaros-backstage',
        'kymaros.io/test': 'shop-nightly',
      },
      ...overrides,
    };
  }

  /**
   * The context of a check that names no namespace in a run of several
   * sandboxes (by source namespace, the first being the test's first).
   */
  function runContext(
    sandboxes: Record<string, string>,
    overrides: Partial<CheckContext> = {},
  ): CheckContext {
    const [[source, first]] = Object.entries(sandboxes);
    return context(first, { sourceNamespace: source, sandboxes, ...overrides });
  }

  return {
    ...t,
    batch,
    sandbox,
    app,
    service,
    readyPods,
    context,
    runContext,
    stop: () => t.sim.stop(),
  };
}

export type CheckCluster = Awaited<ReturnType<typeof checkCluster>>;
