import type { BackupCoverageStatus } from '@kymaros/plugin-kymaros-common';

export const COVERAGE_LABELS: Record<BackupCoverageStatus, string> = {
  covered: 'Covered',
  'no-schedule': 'No schedule',
  failing: 'Failing',
  stale: 'Stale',
  unknown: 'Unknown',
};

export const COVERAGE_DESCRIPTIONS: Record<BackupCoverageStatus, string> = {
  covered:
    'Every namespace is backed up on a schedule, and the newest backup is within the RPO target.',
  'no-schedule':
    'Some namespace is in no backup schedule: nothing recent could be restored.',
  failing:
    'A schedule is paused or broken, or its latest backup failed: backups are not being taken.',
  stale: 'The newest successful backup is older than the RPO target.',
  unknown:
    'The schedules could not be read (the provider cannot list them, or the cluster did not answer).',
};

/** The order the overview lists statuses in: what loses data soonest first. */
export const WORST_FIRST: BackupCoverageStatus[] = [
  'no-schedule',
  'failing',
  'stale',
  'unknown',
  'covered',
];

export const byWorstFirst = (
  a: { status: BackupCoverageStatus },
  b: { status: BackupCoverageStatus },
) => WORST_FIRST.indexOf(a.status) - WORST_FIRST.indexOf(b.status);
