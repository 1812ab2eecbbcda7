import type * as k8s from '@kubernetes/client-node';
import type { ContainerLog } from '@kymaros/plugin-kymaros-common';
import { describeError } from '../util/errors';
import { MAX_RUN_LOG_BYTES } from './boundEvidence';
import type { LogCollectionSettings } from './logCollectionSettings';

/** Bytes asked of the API server per container log. */
const LOG_LIMIT_BYTES = 64 * 1024;
/** Containers whose logs are read per pod, init ones first; the others are named in `omitted`. */
export const MAX_CONTAINERS_READ = 10;

/**
 * The run's log reading, shared by its pods: once 512 KiB of logs were
 * read the rest are not, so a run holds little more than it may keep.
 */
export class LogBudget {
  private left = MAX_RUN_LOG_BYTES;
  private readonly unread = new Map<string, number>();

  /** Whether a log may still be read. */
  get open(): boolean {
    return this.left > 0;
  }

  spend(log: string) {
    this.left -= Buffer.byteLength(log);
  }

  skip(pod: string) {
    this.unread.set(pod, (this.unread.get(pod) ?? 0) + 1);
  }

  /** What the spent budget left unread, in words; undefined when nothing. */
  summary(): string | undefined {
    if (this.unread.size === 0) return undefined;
    const count = [...this.unread.values()].reduce((a, b) => a + b, 0);
    return `${count} container log(s) not read, the run's ${
      MAX_RUN_LOG_BYTES / 1024
    } KiB of logs being spent (failing pods first): ${[
      ...this.unread.keys(),
    ].join(', ')}`;
  }
}

interface LogRead {
  container: string;
  type: ContainerLog['type'];
}

/** The logs a pod's containers left, as asked: init ones, current ones, and the instance before each restart. */
function logReads(
  pod: k8s.V1Pod,
  settings: LogCollectionSettings,
): { container: string; reads: LogRead[] }[] {
  const restarted = (statuses?: k8s.V1ContainerStatus[]) => (name: string) =>
    settings.includePrevious &&
    (statuses?.find(s => s.name === name)?.restartCount ?? 0) > 0;
  const of = (
    names: string[],
    type: 'init' | 'container',
    previous: (name: string) => boolean,
  ) =>
    names.map(container => ({
      container,
      reads: [
        { container, type },
        ...(previous(container)
          ? [{ container, type: 'previous' as const }]
          : []),
      ],
    }));
  const init = settings.includeInit
    ? of(
        (pod.status?.initContainerStatuses ?? []).map(s => s.name),
        'init',
        restarted(pod.status?.initContainerStatuses),
      )
    : [];
  return [
    ...init,
    ...of(
      (pod.spec?.containers ?? []).map(c => c.name),
      'container',
      restarted(pod.status?.containerStatuses),
    ),
  ];
}

/**
 * A pod's container logs, read one at a time within the run's budget,
 * for its first {@link MAX_CONTAINERS_READ} containers. What is not read
 * is said in `omitted` (or by the budget).
 */
export async function containerLogs(
  core: k8s.CoreV1Api,
  at: { pod: k8s.V1Pod; namespace: string },
  settings: LogCollectionSettings,
  budget: LogBudget,
  omitted: string[],
): Promise<ContainerLog[]> {
  const name = at.pod.metadata!.name!;
  const containers = logReads(at.pod, settings);
  if (containers.length > MAX_CONTAINERS_READ)
    omitted.push(
      `logs of ${containers.length - MAX_CONTAINERS_READ} container(s) of ${
        at.namespace
      }/${name} not read (${MAX_CONTAINERS_READ} read per pod)`,
    );
  const logs: ContainerLog[] = [];
  for (const read of containers
    .slice(0, MAX_CONTAINERS_READ)
    .flatMap(c => c.reads)) {
    if (!budget.open) {
      budget.skip(`${at.namespace}/${name}`);
      continue;
    }
    const log = await readLog(
      core,
      { pod: name, namespace: at.namespace, ...read },
      settings.maxLines,
    );
    budget.spend(log.log);
    logs.push(log);
  }
  return logs;
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
