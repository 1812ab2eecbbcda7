import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { toRfc3339 } from './rfc3339';

/**
 * A stored report as the API answers it: in the configured reports
 * namespace, its metadata in the order of Kymaros' documented example, and
 * its times in RFC 3339 without fractional seconds, which reports stored
 * before that format still carry. Nothing else of a stored report changes:
 * it is the record of a run.
 */
export function presentReport(
  report: RestoreReport,
  namespace: string,
): RestoreReport {
  const { name, labels, creationTimestamp, annotations } = report.metadata;
  const { status } = report;
  return {
    apiVersion: report.apiVersion,
    kind: report.kind,
    metadata: {
      name,
      namespace,
      labels,
      creationTimestamp: toRfc3339(creationTimestamp),
      ...(annotations ? { annotations } : {}),
    },
    spec: report.spec,
    status: {
      ...status,
      startedAt: toRfc3339(status.startedAt),
      completedAt: toRfc3339(status.completedAt),
    },
  };
}
