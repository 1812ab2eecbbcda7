import * as k8s from '@kubernetes/client-node';

const RESTORES = '/apis/velero.io/v1/namespaces/velero/restores';
const PODS = '/api/v1/pods';

const isReady = pod =>
  pod.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True');

/**
 * Watches the cluster the engine restores into and records, by the bench's own clock, when each
 * Velero Restore was first seen, went InProgress and finished, and when each pod first became
 * Ready. What the reports say is compared against these times.
 */
export async function watchGroundTruth(kubeConfig) {
  const restores = new Map();
  const readyAt = new Map();
  const watch = new k8s.Watch(kubeConfig);
  const controllers = [];
  const follow = async (path, onEvent) => {
    for (;;) {
      if (stopped) return;
      const ended = new Promise(resolve =>
        watch
          .watch(path, {}, (type, object) => onEvent(type, object), resolve)
          .then(c => controllers.push(c), resolve),
      );
      await ended;
    }
  };
  let stopped = false;
  const onRestore = (type, r) => {
    const name = r.metadata?.name;
    if (!name || type === 'DELETED') return;
    const now = Date.now();
    const seen = restores.get(name) ?? {
      firstSeen: now,
      sandboxes: Object.values(r.spec?.namespaceMapping ?? {}),
    };
    const phase = r.status?.phase;
    if (phase && phase !== 'New' && !seen.startedSeen) seen.startedSeen = now;
    if (
      ['Completed', 'PartiallyFailed', 'Failed'].includes(phase) &&
      !seen.done
    )
      seen.done = now;
    restores.set(name, seen);
  };
  const onPod = (type, pod) => {
    const key = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    if (type !== 'DELETED' && isReady(pod) && !readyAt.has(key))
      readyAt.set(key, Date.now());
  };
  follow(RESTORES, onRestore);
  follow(PODS, onPod);
  return {
    restores,
    /** When the last pod of these namespaces first became Ready. */
    lastReady(namespaces) {
      let last;
      for (const [key, at] of readyAt)
        if (namespaces.includes(key.split('/')[0]))
          last = Math.max(last ?? 0, at);
      return last;
    },
    stop() {
      stopped = true;
      for (const c of controllers) c.abort();
    },
  };
}

/** Validation phases after the pod wait; the report's completedAt is the end of the last one. */
const AFTER_PODS = ['completeness', 'checks', 'dependencies'];

/**
 * Per report: how far the engine's figures are from the watcher's. The report's startedAt is the
 * RTO start and completedAt the end of validation; the pod wait's end is completedAt minus the
 * phases that follow it (each rounded to 0.1 s).
 */
export function compareWithTruth(reports, truth) {
  const rows = [];
  for (const report of reports) {
    const s = report.status;
    const sandboxes = (s.sandboxes ?? []).map(x => x.sandbox);
    const restore = [...truth.restores.values()].find(r =>
      r.sandboxes.some(x => sandboxes.includes(x)),
    );
    if (!restore?.startedSeen || !Number.isFinite(s.rto?.measuredMs)) continue;
    const seconds = name =>
      s.rto.phases.find(p => p.name === name)?.seconds ?? 0;
    const ready = truth.lastReady(sandboxes);
    const end = Date.parse(s.completedAt);
    const afterPodsMs = AFTER_PODS.reduce((t, n) => t + seconds(n), 0) * 1000;
    const run =
      (s.rto.phases.reduce((t, p) => t + p.seconds, 0) - seconds('cleanup')) *
      1000;
    rows.push({
      rtoStartErrorMs: Date.parse(s.startedAt) - restore.startedSeen,
      restoreDoneNoticeDelayMs: restore.done
        ? end - afterPodsMs - seconds('pods') * 1000 - restore.done
        : undefined,
      podsReadyNoticeDelayMs: ready ? end - afterPodsMs - ready : undefined,
      // Time the engine spent before cleanup that was neither the restore (queued in Velero
      // included), the pods starting nor the checks.
      overheadMs: ready
        ? run - (ready - restore.firstSeen) - seconds('checks') * 1000
        : undefined,
      queuedInVeleroMs: restore.startedSeen - restore.firstSeen,
      cleanupMs: seconds('cleanup') * 1000,
    });
  }
  return rows;
}
