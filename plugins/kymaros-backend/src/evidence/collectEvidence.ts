import * as k8s from '@kubernetes/client-node';
import type {
  PodLogs,
  RestoreEvidence,
  RunEvidence,
  SandboxEvent,
} from '@kymaros/plugin-kymaros-common';
import { describeError } from '../util/errors';
import { toRfc3339 } from '../reports/rfc3339';
import { mapWithConcurrency } from '../util/mapWithConcurrency';
import { boundEvidence } from './boundEvidence';
import {
  checkEvidence,
  needsServices,
  type FailedCheck,
  type ListedPod,
} from './checkEvidence';
import { containerLogs, LogBudget } from './containerLogs';
import type { LogCollectionSettings } from './logCollectionSettings';
import { isPodFailing, podState } from './podState';
import { redactSecrets } from './redactSecrets';
import { secretsOf, type SandboxSecrets } from './sandboxSecrets';

/** Pods one run keeps, failing ones first; the rest are named in `omitted`. */
const MAX_PODS = 50;
/** Pods read at once; each reads its container logs one at a time. */
const READ_CONCURRENCY = 4;

interface Sandbox {
  source: string;
  namespace: string;
}

/** What to keep of a run's sandboxes. */
export interface EvidenceRequest {
  /** Sandboxes by source namespace. */
  sandboxes: Record<string, string>;
  /** The test's `logCollection`; undefined when it is off (no logs, pods that fail still described). */
  logs?: LogCollectionSettings;
  /** The run did not pass: its events are kept even without log collection. */
  troubled: boolean;
  failedChecks: FailedCheck[];
  /**
   * The provider's account of the restore, bounded, and what its bounds
   * left out; never rejects. Absent when no restore was attempted.
   */
  restoreLog?: (
    signal: AbortSignal,
  ) => Promise<{ restore: RestoreEvidence; omitted: string[] }>;
}

/**
 * Reads what a run keeps of its sandboxes before they are deleted: the
 * state of every pod that failed or is not Ready (with `logCollection`, of
 * every pod) and its container logs (init and previous instances as
 * asked), the namespaces' events, the failed checks with the pods they
 * target, and the provider's restore log; with Secret values redacted, all
 * bounded. A part that cannot be read says why; nothing here fails the run.
 */
export async function collectEvidence(
  kubeConfig: k8s.KubeConfig,
  request: EvidenceRequest,
  signal: AbortSignal,
): Promise<RunEvidence> {
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const spaces: Sandbox[] = Object.entries(request.sandboxes).map(
    ([source, namespace]) => ({ source, namespace }),
  );
  const omitted: string[] = [];
  // Read beside the pods: the provider's download takes its own time.
  const restoring = request.restoreLog?.(signal);
  // Without the Secret values nothing could be redacted: then nothing is kept.
  let secrets: SandboxSecrets;
  try {
    secrets = await secretsOf(
      core,
      spaces.map(s => s.namespace),
    );
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
  const listed = (
    await Promise.all(spaces.map(s => listPods(core, s, omitted)))
  ).flat();
  const podLogs = await keptPods(core, listed, request.logs, omitted, signal);
  const includeEvents = request.logs
    ? request.logs.includeEvents
    : request.troubled;
  const events = includeEvents
    ? (await Promise.all(spaces.map(s => listEvents(core, s, omitted)))).flat()
    : [];
  const checks = request.failedChecks.length
    ? checkEvidence(request.failedChecks, {
        sandboxes: request.sandboxes,
        pods: listed.map(({ pod, sandbox }) => ({
          pod,
          namespace: sandbox.namespace,
        })) as ListedPod[],
        services: needsServices(request.failedChecks)
          ? await listServices(core, spaces)
          : [],
      })
    : undefined;
  const restore = await restoring;
  const evidence: RunEvidence = {
    podLogs,
    events,
    ...(checks ? { checks } : {}),
    ...(restore ? { restore: restore.restore } : {}),
    omitted: [...omitted, ...(restore?.omitted ?? [])],
  };
  return boundEvidence(
    redactSecrets(
      evidence,
      secrets.values,
      secrets.envNames(listed.map(l => l.pod)),
    ),
  );
}

/** Failing pods first (always kept), then the others when logs are collected. */
async function keptPods(
  core: k8s.CoreV1Api,
  listed: { pod: k8s.V1Pod; sandbox: Sandbox }[],
  logs: LogCollectionSettings | undefined,
  omitted: string[],
  signal: AbortSignal,
): Promise<PodLogs[]> {
  const failing = listed.filter(l => isPodFailing(l.pod));
  const wanted = logs
    ? [...failing, ...listed.filter(l => !isPodFailing(l.pod))]
    : failing;
  if (wanted.length > MAX_PODS)
    omitted.push(
      `${
        wanted.length - MAX_PODS
      } pods left out (${MAX_PODS} kept, failing ones first)`,
    );
  const budget = new LogBudget();
  const kept = await mapWithConcurrency(
    wanted.slice(0, MAX_PODS),
    READ_CONCURRENCY,
    ({ pod, sandbox }) => {
      signal.throwIfAborted();
      return podEvidence(core, pod, sandbox, {
        settings: logs,
        budget,
        omitted,
      });
    },
  );
  const unread = budget.summary();
  if (unread) omitted.push(unread);
  return kept;
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

async function listServices(core: k8s.CoreV1Api, spaces: Sandbox[]) {
  const lists = await Promise.all(
    spaces.map(s =>
      core
        .listNamespacedService({ namespace: s.namespace })
        .then(list =>
          list.items.map(service => ({ namespace: s.namespace, service })),
        )
        .catch(() => []),
    ),
  );
  return lists.flat();
}

/** A pod's state, and (with log collection) its containers' logs. */
async function podEvidence(
  core: k8s.CoreV1Api,
  pod: k8s.V1Pod,
  sandbox: Sandbox,
  read: {
    settings?: LogCollectionSettings;
    budget: LogBudget;
    omitted: string[];
  },
): Promise<PodLogs> {
  return {
    podName: pod.metadata!.name!,
    namespace: sandbox.namespace,
    sourceNamespace: sandbox.source,
    ...podState(pod),
    containers: read.settings
      ? await containerLogs(
          core,
          { pod, namespace: sandbox.namespace },
          read.settings,
          read.budget,
          read.omitted,
        )
      : [],
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
