import { EmptyState } from '@backstage/core-components';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import { formatDateTime, formatRelative } from '../../lib/time';

/** The test exists but no report has been written yet. */
export const NoRunYet = (props: { test: RestoreTestItem }) => {
  const { status } = props.test;
  if (status.phase === 'Running') {
    return (
      <EmptyState
        missing="data"
        title="The first run is in progress"
        description="Its report will show here as soon as the run ends."
      />
    );
  }
  const next = status.nextRunAt
    ? ` The next scheduled run is ${formatRelative(
        status.nextRunAt,
      )} (${formatDateTime(status.nextRunAt)}).`
    : '';
  return (
    <EmptyState
      missing="data"
      title="No restore run yet"
      description={`This test has not finished a run yet, so there is no score.${next} Use "Run now" to start one right away.`}
    />
  );
};
