import type {
  RestoreReport,
  RestoreReportStatus,
} from '@kymaros/plugin-kymaros-common';
import { SANDBOX_LABELS } from '@kymaros/plugin-kymaros-common';
import { toLabelValue } from '../sandbox/sandboxName';
import { toRfc3339 } from './rfc3339';

/**
 * Wraps a run's status into the RestoreReport object that is stored, as
 * Kymaros' documentation shows it: labelled with its test for `-l
 * kymaros.io/test=<test>`, `spec.testRef` naming the test. Its namespace is
 * the one configured when the report is read (see presentReport).
 */
export function buildReport(args: {
  name: string;
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
      name: args.name,
      labels: {
        [SANDBOX_LABELS.test]: toLabelValue(args.testName),
        [SANDBOX_LABELS.run]: args.runId,
      },
      creationTimestamp: toRfc3339(args.createdAt),
    },
    spec: { testRef: args.testName, entityRef: args.entityRef },
    status: args.status,
  };
}
