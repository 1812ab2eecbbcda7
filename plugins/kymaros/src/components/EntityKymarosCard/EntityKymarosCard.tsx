import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../../api';
import { isKymarosAvailable } from '../../conditions';
import { useEntityTests } from '../../hooks/useEntityTests';
import { useOptionalRouteRef } from '../../hooks/useOptionalRouteRef';
import { compareWorstFirst, rankTest } from '../../lib/result';
import { entityContentRouteRef } from '../../routes';
import { NotOptedIn } from '../EntityKymarosContent/NotOptedIn';
import { CardSummary } from './CardSummary';

/** The test to summarise: the worst one when the entity has several. */
const pickTest = (tests: RestoreTestItem[]) =>
  [...tests].sort(compareWorstFirst(rankTest))[0];

/** Restore confidence at a glance, on the entity's overview. */
export const EntityKymarosCard = () => {
  const { entity } = useEntity();
  const api = useApi(kymarosApiRef);
  const tabLink = useOptionalRouteRef(entityContentRouteRef);
  const opted = isKymarosAvailable(entity);
  // The newest report comes with the tests: one request in all; reloaded as runs change.
  const tests = useEntityTests(
    opted ? stringifyEntityRef(entity) : undefined,
    1,
    { live: true },
  );
  const test = tests.value && pickTest(tests.value);
  const reportName = test?.status.lastReportName;
  const carried = test?.reports?.find(r => r.metadata.name === reportName);
  const fetched = useAsync(
    async () =>
      reportName && !carried ? api.getReport(reportName) : undefined,
    [api, reportName, carried],
  );
  const report = carried
    ? { loading: false, error: undefined, value: carried }
    : fetched;

  let body: React.ReactNode;
  if (!opted) {
    body = <NotOptedIn />;
  } else if ((tests.loading && !tests.value) || report.loading) {
    body = <Progress />;
  } else if (tests.error || report.error) {
    body = (
      <Typography color="error">
        Could not load restore results: {(tests.error ?? report.error)!.message}
      </Typography>
    );
  } else if (!test) {
    body = (
      <Typography>
        Opted in; the Kymaros backend has not created its restore test yet.
      </Typography>
    );
  } else {
    body = <CardSummary test={test} report={report.value} />;
  }

  const count = tests.value?.length ?? 0;
  return (
    <InfoCard
      title="Restore confidence"
      subheader={
        count > 1
          ? `Lowest of ${count} restore tests: ${test?.name}`
          : undefined
      }
      deepLink={
        tabLink ? { title: 'View restore details', link: tabLink } : undefined
      }
      variant="gridItem"
    >
      {body}
    </InfoCard>
  );
};
