import type {
  RestoreReportStatus,
  RpoMeasurement,
} from '@kymaros/plugin-kymaros-common';
import { durationMs } from './reportDuration';

/** The RPO a report states; for reports stored before `status.rpo`, its backup age against the test's current target. */
export function reportRpo(
  status: RestoreReportStatus,
  currentTarget?: string,
): Partial<RpoMeasurement> | undefined {
  if (status.rpo) return status.rpo;
  const ageMs = durationMs({
    ms: status.backup?.ageMs,
    text: status.backup?.age,
  });
  if (!status.backup?.name || ageMs === undefined) return undefined;
  const targetMs = durationMs({ text: currentTarget });
  return {
    backupAge: status.backup.age,
    backupAgeMs: ageMs,
    ...(targetMs !== undefined ? { target: currentTarget, targetMs } : {}),
    withinTarget: targetMs === undefined || ageMs <= targetMs,
  };
}
