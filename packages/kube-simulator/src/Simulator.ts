import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  ResourceRegistry,
  builtInResources,
  veleroResources,
} from './api/resources';
import { ObjectStore, rfc3339 } from './store/ObjectStore';
import { Admission } from './server/admission';
import { FaultInjector } from './faults/FaultInjector';
import { Behaviours } from './scenario/behaviours';
import { systemClock, Clock } from './clock';
import type { SimulatorContext, SimulatorTimings } from './context';
import { ApiServer } from './server/ApiServer';
import { generateServingCertificate } from './server/tls';
import { buildKubeconfig } from './kubeconfig';
import { kinds } from './controllers/kinds';
import type { Controller } from './controllers/Controller';
import { NamespaceController } from './controllers/namespaces';
import { PodLifecycle } from './controllers/pods';
import { WorkloadControllers, simulatedNode } from './controllers/workloads';
import { JobController } from './controllers/jobs';
import { ServiceController } from './controllers/services';
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
import { veleroKinds } from './velero/VeleroTypes';
import { loadScenarioFile, parseScenario } from './scenario/loadScenario';
import type { Scenario, ScenarioInput } from './scenario/schema';
import { parseDuration } from './scenario/duration';
import type { KubeObject } from './store/types';

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

/** Waits until no object has changed for `quietMs`, so workloads have settled before backups are taken. */
async function settle(store: ObjectStore, quietMs: number, maxMs: number) {
  const started = Date.now();
  let last = store.currentRv();
  for (;;) {
    await new Promise(r => setTimeout(r, quietMs));
    const now = store.currentRv();
    if (now === last || Date.now() - started > maxMs) return;
    last = now;
  }
}

export async function startSimulator(
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const scenario: Scenario =
    typeof options.scenario === 'string'
      ? loadScenarioFile(resolve(options.scenario))
      : parseScenario(options.scenario ?? {});
  const clock = options.clock ?? systemClock;
  const registry = new ResourceRegistry([
    ...builtInResources,
    ...veleroResources,
  ]);
  const store = new ObjectStore(registry, clock);
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const ctx: SimulatorContext = {
    registry,
    store,
    admission: new Admission(store),
    faults: new FaultInjector(),
    behaviours: new Behaviours(),
    clock,
    options: { ...defaultTimings, ...scenario.timings, ...options.timings },
    subresources: new Map(),
    webSockets: new Map(),
    activeWatches: new Set(),
    log: options.log ?? (() => {}),
    setTimer(fn, ms) {
      if (stopped) return;
      const t = setTimeout(() => {
        timers.delete(t);
        if (!stopped) fn();
      }, ms);
      timers.add(t);
    },
  };
  ctx.behaviours.jobRules = scenario.jobs;
  ctx.behaviours.execRules = scenario.exec;
  scenario.faults.forEach(f => ctx.faults.add(f));

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
  const storage = new ObjectStorage(clock);
  const contents = new BackupContentsStore(registry, storage);

  const namespaces = new NamespaceController(ctx, tls?.caCert ?? '');
  const pods = new PodLifecycle(ctx);
  const backups = new BackupController(ctx, contents, veleroNamespace);
  const schedules = new ScheduleController(ctx, veleroNamespace);
  // Controllers subscribe to the store in their constructors; those with work queues or timers stop on shutdown.
  const controllers: Controller[] = [
    namespaces,
    pods,
    backups,
    schedules,
    new WorkloadControllers(ctx),
    new JobController(ctx, pods),
    new ServiceController(ctx),
    new GarbageCollector(ctx),
    new VolumeController(ctx),
    new CrdController(ctx),
    new RestoreController(ctx, contents, storage, veleroNamespace),
    new DownloadRequestController(ctx, storage, veleroNamespace),
  ];

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

  // Cluster bootstrap: the node, the standard namespaces, Velero's storage locations.
  const k = kinds(registry);
  const v = veleroKinds(registry);
  store.create(k.nodes, undefined, simulatedNode(rfc3339(clock.now())));
  namespaces.bootstrap([veleroNamespace]);
  const locations = scenario.velero?.storageLocations ?? [
    { name: 'default', phase: 'Available' as const, default: true },
  ];
  for (const l of locations) {
    const bsl = store.create(v.bsls, veleroNamespace, {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: { name: l.name },
      spec: {
        provider: 'aws',
        default: l.default ?? l.name === 'default',
        objectStorage: {
          bucket: storage.bucket,
          ...(tls
            ? { caCert: Buffer.from(tls.caCert).toString('base64') }
            : {}),
        },
        accessMode: 'ReadWrite',
        config: { region: 'sim-1', s3ForcePathStyle: 'true' },
      },
    });
    store.update(
      v.bsls,
      veleroNamespace,
      bsl.metadata.name,
      {
        ...bsl,
        status: { phase: l.phase, lastValidationTime: rfc3339(clock.now()) },
      },
      { internal: true },
    );
  }

  // Scenario objects, then a moment for controllers to create pods and claims, then the backups.
  for (const raw of scenario.objects) {
    const obj = raw as unknown as KubeObject;
    const type = registry.byKind(obj.apiVersion, obj.kind);
    if (!type)
      throw new Error(
        `Scenario object ${obj.kind} ${obj.metadata.name}: unknown kind ${obj.apiVersion}/${obj.kind} (declare its CustomResourceDefinition first)`,
      );
    const ns = obj.metadata.namespace;
    if (type.namespaced && ns && !store.get(k.namespaces, undefined, ns)) {
      ctx.admission.create(
        k.namespaces,
        undefined,
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
        { dryRun: false },
      );
    }
    try {
      ctx.admission.create(
        type,
        type.namespaced ? ns ?? 'default' : undefined,
        obj,
        { dryRun: false },
      );
    } catch (e) {
      throw new Error(
        `Scenario object ${obj.kind} ${ns ? `${ns}/` : ''}${
          obj.metadata.name
        }: ${(e as Error).message}`,
      );
    }
  }
  if (scenario.backups.length) await settle(store, 50, 3000);
  for (const b of scenario.backups) {
    const completion = clock.now() - parseDuration(b.age);
    const start = completion - parseDuration(b.duration);
    const items = [
      ...backups.snapshot({
        includedNamespaces: b.includedNamespaces,
        excludedResources: b.excludedResources,
      }),
      ...(b.extraObjects as unknown as KubeObject[]),
    ];
    const finished = ['Completed', 'PartiallyFailed', 'Failed'].includes(
      b.phase,
    );
    backups.recordCompleted(
      {
        apiVersion: 'velero.io/v1',
        kind: 'Backup',
        metadata: {
          name: b.name,
          labels: b.labels,
          annotations: b.annotations,
        },
        spec: {
          includedNamespaces: b.includedNamespaces,
          excludedResources: b.excludedResources,
          storageLocation: b.storageLocation,
          ttl: b.ttl,
        },
      },
      items,
      {
        phase: b.phase,
        ...(b.phase === 'FailedValidation'
          ? { validationErrors: ['simulated validation failure'] }
          : { startTimestamp: rfc3339(start) }),
        ...(finished
          ? {
              completionTimestamp: rfc3339(completion),
              expiration: rfc3339(completion + parseDuration(b.ttl)),
            }
          : {}),
        ...(b.phase === 'PartiallyFailed' ? { errors: 1 } : {}),
      },
    );
  }

  const token = options.token ?? randomBytes(24).toString('hex');
  const server = new ApiServer(ctx, [token], storage, tls);
  const url = await server.listen(host, options.port ?? 0);
  const kubeconfigYaml = buildKubeconfig({
    server: url,
    token,
    caData: tls?.caCert,
  });
  if (options.kubeconfigPath) {
    mkdirSync(dirname(resolve(options.kubeconfigPath)), { recursive: true });
    writeFileSync(resolve(options.kubeconfigPath), kubeconfigYaml, {
      mode: 0o600,
    });
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
      stopped = true;
      timers.forEach(t => clearTimeout(t));
      timers.clear();
      controllers.forEach(c => c.stop());
      for (const close of [...ctx.activeWatches]) close();
      await server.close();
    },
  };
}
