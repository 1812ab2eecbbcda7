import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../../api';
import { BackendError } from '../common';
import { TestBackupsCard } from './TestBackupsCard';

/** The "Backups" card of one restore test, read from the backend for the test's entity. */
export const EntityBackupCoverage = (props: { test: RestoreTestItem }) => {
  const { entityRef, id } = props.test;
  const api = useApi(kymarosApiRef);
  const { value, error, retry } = useAsyncRetry(
    () => api.getBackupCoverage({ entityRef }),
    [api, entityRef],
  );
  // A reload keeps the card on screen: only the first read shows progress.
  if (error && !value) {
    return (
      <InfoCard title="Backups">
        <BackendError error={error} onRetry={retry} />
      </InfoCard>
    );
  }
  if (!value) {
    return (
      <InfoCard title="Backups">
        <Progress />
      </InfoCard>
    );
  }
  const coverage = value.find(item => item.testId === id);
  if (!coverage) {
    return (
      <InfoCard title="Backups">
        <Typography>
          The backend reports no backup coverage for restore test{' '}
          {props.test.name} yet.
        </Typography>
      </InfoCard>
    );
  }
  return <TestBackupsCard coverage={coverage} onBackupCreated={retry} />;
};
