import * as k8s from '@kubernetes/client-node';
import type {
  ContainerLog,
  PodLogs,
  RunEvidence,
  SandboxEvent,
} from '@kymaros/plugin-kymaros-common';
import { describeError } from '../util/errors';
import { toRfc3339 } from '../reports/rfc3339';
import { mapWithConcurrency } from '../util/mapWithConcurrency';
import { boundEvidence } from './boundEvidence';
import type { LogCollectionSettings } from './logCollectionSettings';
import { redactSecrets } from './redactSecrets';

/** Bytes asked of the API server per container log. */
const LOG_LIMIT_BYTES = 64 * 1024;
/** Pods whose logs one run keeps; the rest are named in `omitted`. */
const MAX_PODS = 50;
const READ_CONCURRENCY = 4;

interface Sandbox {
  source: string;
  namespace: string;
}

/**
 * Reads what a run keeps of its sandboxes before they are deleted: every
 * pod's container logs (init and previous instances as asked), the
 * namespaces' events, with the sandboxes' Secret values redacted, all
 * bounded. A log that cannot be read says why in its place; nothing here
 * fails the run.
 */
export async function collectEvidence(
  kubeConfig: k8s.KubeConfig,
  sandboxes: Record<string, string>,
  settings: LogCollectionSettings,
  signal: AbortSignal,
): Promise<RunEvidence> {
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const spaces: Sandbox[] = Object.entries(sandboxes).map(
    ([source, namespace]) => ({ source, namespace }),
  );
  const omitted: string[] = [];
  // Without the Secret values nothing could be redacted: then no log is kept.
  let secrets: string[];
  try {
    secrets = (
      await Promise.all(spaces.map(s => secretValues(core, s.namespace)))
    ).flat();
  } catch (e) {
    return {
      podLogs: [],
      events: [],
      omitted: [
        `nothing kept: the sandboxes' Secrets could not be read to redact them (${describeError(
          e,
        )})`,
      ],
    };
  }
  const pods = (
    await Promise.all(spaces.map(s => listPods(core, s, omitted)))
  ).flat();
  if (pods.length > MAX_PODS)
    omitted.push(
      `logs of ${pods.length - MAX_PODS} pods left out (${MAX_PODS} kept)`,
    );
  const podLogs = await mapWithConcurrency(
    pods.slice(0, MAX_PODS),
    READ_CONCURRENCY,
    ({ pod, sandbox }) => {
      signal.throwIfAborted();
      return podLogsOf(core, pod, sandbox, settings);
    },
  );
  const events = settings.includeEvents
    ? (await Promise.all(spaces.map(s => listEvents(core, s, omitted)))).flat()
    : [];
  return boundEvidence(redactSecrets({ podLogs, events, omitted }, secrets));
}

async function listPods(
  core: k8s.CoreV1Api,
  sandbox: Sandbox,
  omitted: string[],
) {
  let list: k8s.V1PodList;
  try {
    list = await core.listNamespacedPod({ namespace: sandbox.namespace });
  } catch (e) {
    omitted.push(`pods of ${sandbox.namespace}: ${describeError(e)}`);
    return [];
  }
  return list.items
    .sort((a, b) =>
      (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
    )
    .map(pod => ({ pod, sandbox }));
}

/** The logs a pod's containers left: init ones, current ones, and the instance before each restart. */
async function podLogsOf(
  core: k8s.CoreV1Api,
  pod: k8s.V1Pod,
  sandbox: Sandbox,
  settings: LogCollectionSettings,
): Promise<PodLogs> {
  const name = pod.metadata!.name!;
  const read = (container: string, type: ContainerLog['type']) =>
    readLog(
      core,
      { pod: name, namespace: sandbox.namespace, container, type },
      settings.maxLines,
    );
  const reads: Promise<ContainerLog>[] = [];
  if (settings.includeInit)
    for (const status of pod.status?.initContainerStatuses ?? [])
      reads.push(read(status.name, 'init'));
  for (const container of pod.spec?.containers ?? []) {
    reads.push(read(container.name, 'container'));
    const restarts = pod.status?.containerStatuses?.find(
      s => s.name === container.name,
    )?.restartCount;
    if (settings.includePrevious && (restarts ?? 0) > 0)
      reads.push(read(container.name, 'previous'));
  }
  return {
    podName: name,
    namespace: sandbox.namespace,
    sourceNamespace: sandbox.source,
    phase: pod.status?.phase ?? 'Unknown',
    containers: await Promise.all(reads),
  };
}

async function readLog(
  core: k8s.CoreV1Api,
  at: {
    pod: string;
    namespace: string;
    container: string;
    type: ContainerLog['type'];
  },
  maxLines: number,
): Promise<ContainerLog> {
  let log: string;
  try {
    log = await core.readNamespacedPodLog({
      name: at.pod,
      namespace: at.namespace,
      container: at.container,
      previous: at.type === 'previous',
      tailLines: maxLines,
      limitBytes: LOG_LIMIT_BYTES,
    });
  } catch (e) {
    return {
      name: at.container,
      type: at.type,
      log: `[error retrieving logs: ${describeError(e)}]`,
      truncated: false,
      totalLines: 0,
    };
  }
  const cut = Buffer.byteLength(log) >= LOG_LIMIT_BYTES;
  // The byte limit may end the log inside a line, and a Secret value cut in
  // two is no longer found to redact: the unfinished line goes.
  const kept = cut ? log.slice(0, log.lastIndexOf('\n') + 1) : log;
  const totalLines = kept.split('\n').filter(Boolean).length;
  return {
    name: at.container,
    type: at.type,
    log: kept,
    truncated: cut || totalLines >= maxLines,
    totalLines,
  };
}

/** `2024-03-16T03:04:05Z`: events carry one of three timestamps. */
function eventTime(event: k8s.CoreV1Event): string {
  const at =
    event.lastTimestamp ??
    event.eventTime ??
    event.firstTimestamp ??
    event.metadata?.creationTimestamp;
  return at ? toRfc3339(at) : '';
}

async function listEvents(
  core: k8s.CoreV1Api,
  sandbox: Sandbox,
  omitted: string[],
): Promise<SandboxEvent[]> {
  let list: k8s.CoreV1EventList;
  try {
    list = await core.listNamespacedEvent({ namespace: sandbox.namespace });
  } catch (e) {
    omitted.push(`events of ${sandbox.namespace}: ${describeError(e)}`);
    return [];
  }
  return list.items.map(e => ({
    namespace: sandbox.namespace,
    type: e.type ?? '',
    reason: e.reason ?? '',
    message: e.message ?? '',
    involvedObject: `${e.involvedObject.kind ?? ''}/${
      e.involvedObject.name ?? ''
    }`,
    lastTimestamp: eventTime(e),
    count: e.count ?? 1,
  }));
}

/** The decoded values of the sandbox's Secrets, to redact. */
async function secretValues(
  core: k8s.CoreV1Api,
  namespace: string,
): Promise<string[]> {
  const list = await core.listNamespacedSecret({ namespace });
  return list.items.flatMap(secret => [
    ...Object.values(secret.data ?? {}).map(v =>
      Buffer.from(v, 'base64').toString('utf8'),
    ),
    ...Object.values(secret.stringData ?? {}),
  ]);
}
