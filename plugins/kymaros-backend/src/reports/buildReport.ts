import type {
  RestoreReport,
  RestoreReportStatus,
} from '@kymaros/plugin-kymaros-common';
import { SANDBOX_LABELS } from '@kymaros/plugin-kymaros-common';
import { toLabelValue } from '../sandbox/sandboxName';

/** `<test>-<yyyymmdd>-<hhmmss>` in UTC, as Kymaros names reports. */
export function reportName(testName: string, at: Date): string {
  const iso = at.toISOString();
  return `${testName}-${iso.slice(0, 10).replace(/-/g, '')}-${iso
    .slice(11, 19)
    .replace(/:/g, '')}`;
}

/** Wraps a run's status into the RestoreReport object the API returns. */
export function buildReport(args: {
  testName: string;
  entityRef: string;
  status: RestoreReportStatus;
  createdAt: Date;
  runId: string;
}): RestoreReport {
  return {
    apiVersion: 'restore.kymaros.io/v1alpha1',
    kind: 'RestoreReport',
    metadata: {
      name: reportName(args.testName, new Date(args.status.completedAt)),
      labels: {
        [SANDBOX_LABELS.test]: toLabelValue(args.testName),
        [SANDBOX_LABELS.run]: args.runId,
      },
      creationTimestamp: args.createdAt.toISOString(),
    },
    spec: { testRef: args.testName, entityRef: args.entityRef },
    status: args.status,
  };
}
