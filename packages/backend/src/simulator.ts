/*
 * Embedded Kubernetes + Velero simulator for the development backend.
 *
 * When `kymaros.simulator.enabled` is true, the simulator from
 * `@kymaros/kube-simulator` is started while the backend boots and stopped on
 * shutdown, so `npm start` on a fresh machine has a cluster with demo services
 * to restore into. It is registered as a *root* service: the backend
 * initialises root services before any plugin, so the cluster is up before the
 * Kymaros engine (or anything else) tries to reach it.
 *
 * Config (all optional):
 *
 *   kymaros:
 *     simulator:
 *       enabled: true            # default false when the key is absent
 *       host: 127.0.0.1          # simulator's default
 *       port: 6443               # default 6443
 *       tls: true                # simulator's default
 *       token: <bearer token>    # simulator generates one if unset
 *       scenario: path/to.yaml   # default: the bundled demo scenario
 *       kubeconfigPath: .kube-simulator/kubeconfig
 *
 * Relative paths are resolved against the repository root (the nearest parent
 * directory of the working directory whose package.json declares workspaces).
 */

import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  RunningSimulator,
  SimulatorOptions,
} from '@kymaros/kube-simulator';

/** Connection details of the running embedded simulator. */
export interface KubeSimulatorCluster {
  /** API server URL, e.g. https://127.0.0.1:6443 */
  url: string;
  /** Bearer token accepted by the simulator */
  token: string;
  /** PEM of the CA that signed the serving certificate (HTTPS only) */
  caData?: string;
  /** Namespace of the simulated Velero installation */
  veleroNamespace: string;
  /** Absolute path of the kubeconfig written for this simulator */
  kubeconfigPath?: string;
  /** The kubeconfig as YAML */
  kubeconfigYaml: string;
}

/** Root service exposing the embedded simulator (if enabled). */
export interface KubeSimulatorService {
  /** Connection details, or undefined when the simulator is disabled. */
  readonly cluster: KubeSimulatorCluster | undefined;
}

export const kubeSimulatorServiceRef = createServiceRef<KubeSimulatorService>({
  id: 'kymaros.kube-simulator',
  scope: 'root',
});

const DEFAULT_PORT = 6443;
const DEFAULT_KUBECONFIG_PATH = '.kube-simulator/kubeconfig';

/**
 * Finds the monorepo root: the closest directory, starting at `from`, whose
 * package.json has a `workspaces` field. Falls back to `from` itself.
 */
export function findRepoRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    const pkgPath = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
      if (pkg && pkg.workspaces) {
        return dir;
      }
    } catch {
      // no (readable) package.json here, keep going up
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return path.resolve(from);
    }
    dir = parent;
  }
}

/** Reads `kymaros.simulator` into simulator options (paths made absolute). */
export function readSimulatorOptions(
  config: Config,
  repoRoot: string,
): { enabled: boolean; options: SimulatorOptions } {
  const sim = config.getOptionalConfig('kymaros.simulator');
  const enabled = sim?.getOptionalBoolean('enabled') ?? false;
  const resolvePath = (p: string) => path.resolve(repoRoot, p);

  const scenario = sim?.getOptionalString('scenario');
  const options: SimulatorOptions = {
    host: sim?.getOptionalString('host'),
    port: sim?.getOptionalNumber('port') ?? DEFAULT_PORT,
    tls: sim?.getOptionalBoolean('tls'),
    token: sim?.getOptionalString('token'),
    scenario: scenario ? resolvePath(scenario) : undefined,
    kubeconfigPath: resolvePath(
      sim?.getOptionalString('kubeconfigPath') ?? DEFAULT_KUBECONFIG_PATH,
    ),
  };
  // Leave unset options out so the simulator's own defaults apply.
  for (const key of Object.keys(options) as (keyof SimulatorOptions)[]) {
    if (options[key] === undefined) {
      delete options[key];
    }
  }
  return { enabled, options };
}

type SimulatorModule = typeof import('@kymaros/kube-simulator');

async function loadSimulatorModule(): Promise<SimulatorModule> {
  const mod = await import('@kymaros/kube-simulator');
  // Run from source by the Backstage CLI, a dynamic import of this CommonJS
  // workspace package resolves to `{ default: module.exports }`; bundled builds
  // give the named exports directly.
  return typeof mod.startSimulator === 'function'
    ? mod
    : (mod as unknown as { default: SimulatorModule }).default;
}

export const kubeSimulatorServiceFactory = createServiceFactory({
  service: kubeSimulatorServiceRef,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
  },
  async factory({ config, logger, lifecycle }) {
    const log = logger.child({ service: 'kube-simulator' });
    const { enabled, options } = readSimulatorOptions(config, findRepoRoot());

    if (!enabled) {
      log.info(
        'Embedded Kubernetes simulator disabled (kymaros.simulator.enabled is not true)',
      );
      return { cluster: undefined };
    }

    // Loaded only when enabled, so production backends never load the test double.
    const { startSimulator, demoScenarioPath } = await loadSimulatorModule();
    const scenario = options.scenario ?? demoScenarioPath;

    if (options.kubeconfigPath) {
      fs.mkdirSync(path.dirname(options.kubeconfigPath), { recursive: true });
    }

    let running: RunningSimulator;
    try {
      running = await startSimulator({
        ...options,
        scenario,
        log: message => log.debug(message),
      });
    } catch (error) {
      throw new Error(
        `Failed to start the embedded Kubernetes simulator on port ${
          options.port
        }: ${
          error instanceof Error ? error.message : String(error)
        }. Check kymaros.simulator (is the port free? is the scenario valid?) or set kymaros.simulator.enabled: false to use a real cluster.`,
      );
    }

    lifecycle.addShutdownHook(async () => {
      log.info('Stopping the embedded Kubernetes simulator');
      await running.stop();
    });

    log.info(
      `Embedded Kubernetes simulator listening on ${running.url} (scenario ${scenario})`,
    );
    if (options.kubeconfigPath) {
      log.info(
        `Simulator kubeconfig written to ${options.kubeconfigPath} (kubectl --kubeconfig ${options.kubeconfigPath} get ns)`,
      );
    }

    return {
      cluster: {
        url: running.url,
        token: running.token,
        caData: running.caData,
        veleroNamespace: running.veleroNamespace,
        kubeconfigPath: options.kubeconfigPath,
        kubeconfigYaml: running.kubeconfigYaml,
      },
    };
  },
});
