import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  ResourceRegistry,
  builtInResources,
  veleroResources,
} from './api/resources';
import { systemClock, Clock } from './clock';
import type { SimulatorContext, SimulatorTimings } from './context';
import { ApiServer } from './server/ApiServer';
import { generateServingCertificate } from './server/tls';
import { buildKubeconfig } from './kubeconfig';
import type { Controller } from './controllers/Controller';
import { NamespaceController } from './controllers/namespaces';
import { PodLifecycle } from './controllers/pods';
import { WorkloadControllers } from './controllers/workloads';
import { JobController } from './controllers/jobs';
import { ServiceController } from './controllers/services';
import { ResourceQuotaController } from './controllers/resourceQuotas';
import { GarbageCollector } from './controllers/garbageCollector';
import { VolumeController } from './controllers/volumes';
import { CrdController } from './controllers/crds';
import { handleExec } from './streams/exec';
import { handlePortForward } from './streams/portForward';
import { handlePodLog, handleServiceProxy } from './streams/serviceProxy';
import { ObjectStorage } from './velero/ObjectStorage';
import { BackupContentsStore } from './velero/BackupContents';
import { BackupController } from './velero/BackupController';
import { RestoreController } from './velero/RestoreController';
import { DownloadRequestController } from './velero/DownloadRequestController';
import { ScheduleController } from './velero/ScheduleController';
import { loadScenarioFile, parseScenario } from './scenario/loadScenario';
import type { Scenario, ScenarioInput } from './scenario/schema';
import { bootstrapCluster } from './startup/bootstrapCluster';
import { createContext } from './startup/createContext';
import { seedBackups } from './startup/seedBackups';
import { seedObjects } from './startup/seedObjects';
import { kubestashResources } from './kubestash/kubestashResources';
import { SnapshotContents } from './kubestash/SnapshotContents';
import { RestoreSessionController } from './kubestash/RestoreSessionController';
import { BackupSessionController } from './kubestash/BackupSessionController';
import { seedKubeStash } from './kubestash/seedKubeStash';
import { kastenResources } from './kasten/KastenTypes';
import { KastenContents } from './kasten/KastenContents';
import { RestoreActionController } from './kasten/RestoreActionController';
import { RunActionController } from './kasten/RunActionController';
import { registerKastenDetails } from './kasten/details';
import { seedKasten } from './kasten/seedKasten';

export interface SimulatorOptions {
  /** Address to listen on; loopback by default. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** HTTPS with a generated CA (default) or plain HTTP. */
  tls?: boolean;
  /** Bearer token clients must send; random when absent. */
  token?: string;
  /** A scenario file path or an already parsed scenario. */
  scenario?: string | ScenarioInput;
  /** Where to write a kubeconfig for other clients. */
  kubeconfigPath?: string;
  timings?: Partial<SimulatorTimings>;
  clock?: Clock;
  log?: (message: string) => void;
}

export interface RunningSimulator {
  url: string;
  token: string;
  /** PEM of the CA that signed the serving certificate (HTTPS only). */
  caData?: string;
  kubeconfigYaml: string;
  veleroNamespace: string;
  stop(): Promise<void>;
}

export const defaultTimings: SimulatorTimings = {
  podStartMs: 1500,
  jobRunMs: 1000,
  namespaceTerminationMs: 1000,
  veleroStepMs: 500,
  bookmarkIntervalMs: 5000,
  watchMaxMs: 30 * 60 * 1000,
};

/** Loads the scenario from a file or checks an inline one. */
function readScenario(scenario: SimulatorOptions['scenario']): Scenario {
  return typeof scenario === 'string'
    ? loadScenarioFile(resolve(scenario))
    : parseScenario(scenario ?? {});
}

/**
 * Starts every controller. They subscribe to the store in their
 * constructors; those with work queues or timers stop on shutdown.
 */
function startControllers(
  ctx: SimulatorContext,
  { veleroNamespace, caCert }: { veleroNamespace: string; caCert?: string },
) {
  const storage = new ObjectStorage(ctx.clock);
  const contents = new BackupContentsStore(ctx.registry, storage);
  const namespaces = new NamespaceController(ctx, caCert ?? '');
  const pods = new PodLifecycle(ctx);
  const backups = new BackupController(ctx, contents, veleroNamespace);
  const controllers: Controller[] = [
    namespaces,
    pods,
    backups,
    new ScheduleController(ctx, veleroNamespace),
    new WorkloadControllers(ctx),
    new JobController(ctx, pods),
    new ServiceController(ctx),
    new ResourceQuotaController(ctx),
    new GarbageCollector(ctx),
    new VolumeController(ctx),
    new CrdController(ctx),
    new RestoreController(ctx, contents, storage, veleroNamespace),
    new DownloadRequestController(ctx, storage, veleroNamespace),
  ];
  const kastenContents = new KastenContents();
  const kastenRestores = new RestoreActionController(ctx, kastenContents);
  controllers.push(
    kastenRestores,
    new RunActionController(ctx, kastenContents, namespace =>
      backups.snapshot({ includedNamespaces: [namespace] }),
    ),
  );
  const snapshotContents = new SnapshotContents();
  controllers.push(
    new RestoreSessionController(ctx, snapshotContents),
    new BackupSessionController(ctx, snapshotContents),
  );
  registerKastenDetails(ctx, kastenContents, kastenRestores);
  return {
    controllers,
    namespaces,
    backups,
    storage,
    kastenContents,
    snapshotContents,
  };
}

/** The API server's streaming and proxy subresources. */
function registerStreams(ctx: SimulatorContext) {
  ctx.subresources.set('services/proxy', (req, res, info, url) =>
    handleServiceProxy(ctx, req, res, info, url),
  );
  ctx.subresources.set('pods/log', (req, res, info, url) =>
    handlePodLog(ctx, req, res, info, url),
  );
  ctx.webSockets.set('exec', (ws, info, url) => handleExec(ctx, ws, info, url));
  ctx.webSockets.set('portforward', (ws, info, url) =>
    handlePortForward(ctx, ws, info, url),
  );
}

function writeKubeconfig(path: string, kubeconfigYaml: string) {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(resolve(path), kubeconfigYaml, { mode: 0o600 });
}

export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const scenario = readScenario(options.scenario);
  const registry = new ResourceRegistry([
    ...builtInResources,
    ...veleroResources,
    ...kubestashResources,
    ...kastenResources,
  ]);
  const { ctx, stopTimers } = createContext({
    registry,
    scenario,
    clock: options.clock ?? systemClock,
    timings: { ...defaultTimings, ...scenario.timings, ...options.timings },
    log: options.log ?? (() => {}),
  });
  const host = options.host ?? '127.0.0.1';
  const tls =
    options.tls === false
      ? undefined
      : generateServingCertificate([
          host,
          'localhost',
          '127.0.0.1',
          'kubernetes.default.svc',
        ]);
  const veleroNamespace = scenario.velero?.namespace ?? 'velero';
  const {
    controllers,
    namespaces,
    backups,
    storage,
    kastenContents,
    snapshotContents,
  } = startControllers(ctx, {
    veleroNamespace,
    caCert: tls?.caCert,
  });
  registerStreams(ctx);

  bootstrapCluster(ctx, {
    namespaces,
    veleroNamespace,
    storage,
    locations: scenario.velero?.storageLocations,
    caCert: tls?.caCert,
  });
  seedObjects(ctx, scenario.objects);
  await seedBackups(ctx, backups, scenario.backups);
  await seedKubeStash(ctx, snapshotContents, scenario.kubestash);
  if (scenario.kasten) namespaces.bootstrap([scenario.kasten.namespace]);
  await seedKasten(
    ctx,
    kastenContents,
    namespace => backups.snapshot({ includedNamespaces: [namespace] }),
    scenario.kasten,
  );

  const token = options.token ?? randomBytes(24).toString('hex');
  const server = new ApiServer(ctx, [token], storage, tls);
  const url = await server.listen(host, options.port ?? 0);
  const kubeconfigYaml = buildKubeconfig({
    server: url,
    token,
    caData: tls?.caCert,
  });
  if (options.kubeconfigPath) {
    writeKubeconfig(options.kubeconfigPath, kubeconfigYaml);
  }
  ctx.log(
    `kube-simulator listening on ${url}${
      scenario.name ? ` with scenario "${scenario.name}"` : ''
    }`,
  );

  return {
    url,
    token,
    caData: tls?.caCert,
    kubeconfigYaml,
    veleroNamespace,
    async stop() {
      stopTimers();
      controllers.forEach(controller => controller.stop());
      for (const close of [...ctx.activeWatches]) close();
      await server.close();
    },
  };
}
