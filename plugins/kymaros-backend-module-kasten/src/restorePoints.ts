import { LABELS, type KastenObject } from './kastenApi';

/** One restore point of one application namespace, with what its content says about it. */
export interface RestorePointInfo {
  name: string;
  namespace: string;
  /** The RestorePointContent's state (`Bound` when usable, per K10 8.5.x objects; unverified). */
  contentState?: string;
  actionTime?: string;
  scheduledTime?: string;
  createdAt?: string;
  exportProfile?: string;
  runAction?: string;
  policy?: string;
  logicalSizeBytes?: number;
}

export function restorePointInfo(
  rp: KastenObject,
  content: KastenObject | undefined,
): RestorePointInfo {
  const labels = rp.metadata.labels ?? {};
  return {
    name: rp.metadata.name,
    namespace: rp.metadata.namespace ?? '',
    contentState: content?.status?.state,
    actionTime:
      rp.status?.actionTime ?? content?.status?.actionTime ?? undefined,
    scheduledTime:
      rp.status?.scheduledTime ?? content?.status?.scheduledTime ?? undefined,
    createdAt: rp.metadata.creationTimestamp,
    exportProfile: labels[LABELS.exportProfile] || undefined,
    runAction: labels[LABELS.runActionName] || undefined,
    policy: labels[LABELS.policyName] || undefined,
    logicalSizeBytes:
      typeof rp.status?.logicalSizeBytes === 'number'
        ? rp.status.logicalSizeBytes
        : undefined,
  };
}

/**
 * A restore point can be restored from when its content is `Bound`: K10
 * creates RestorePoints when a backup or import completes
 * (docs.kasten.io/latest/api/restorepoints: "captured at a specific time as
 * a result of a BackupAction"), and a content being retired or deleted
 * leaves that state (the state names are observed, not published).
 */
export function isEligible(point: RestorePointInfo): boolean {
  return point.contentState === 'Bound';
}

function compareDesc(a?: string, b?: string): number {
  return String(b ?? '').localeCompare(String(a ?? ''));
}

/** Newest first: by actionTime, then scheduledTime, then creationTimestamp (restore points re-created from an import get a new creationTimestamp). */
export function newestFirst(a: RestorePointInfo, b: RestorePointInfo): number {
  return (
    compareDesc(a.actionTime, b.actionTime) ||
    compareDesc(a.scheduledTime, b.scheduledTime) ||
    compareDesc(a.createdAt, b.createdAt)
  );
}
