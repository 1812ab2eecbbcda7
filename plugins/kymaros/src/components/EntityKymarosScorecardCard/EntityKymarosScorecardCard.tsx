import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import PassIcon from '@material-ui/icons/CheckCircle';
import FailIcon from '@material-ui/icons/Cancel';
import PendingIcon from '@material-ui/icons/HelpOutline';
import Alert from '@material-ui/lab/Alert';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import {
  fetchScorecard,
  type Scorecard,
  type ScorecardRow,
} from './fetchScorecard';

/** For a check that did not pass, the fact values it read ("restoreScore 65"). */
function readValues(row: ScorecardRow): string | undefined {
  if (row.result !== false) return undefined;
  const values = Object.entries(row.facts).map(
    ([name, value]) => `${name} ${value === null ? 'none' : String(value)}`,
  );
  return values.length ? `Found: ${values.join(', ')}` : undefined;
}

const ResultIcon = ({ result }: { result?: boolean }) => {
  if (result === true)
    return <PassIcon titleAccess="Passes" style={{ color: '#2e7d32' }} />;
  if (result === false) return <FailIcon titleAccess="Fails" color="error" />;
  return <PendingIcon titleAccess="Not evaluated" color="disabled" />;
};

const CheckRow = ({ row }: { row: ScorecardRow }) => {
  const values = readValues(row);
  return (
    <Box
      component="li"
      display="flex"
      alignItems="flex-start"
      py={1}
      data-check-name={row.check.name}
    >
      <Box mr={1.5} mt={0.25} display="flex">
        <ResultIcon result={row.result} />
      </Box>
      <Box minWidth={0} style={{ whiteSpace: 'normal' }}>
        <Typography variant="body2">{row.check.name}</Typography>
        <Typography variant="caption" color="textSecondary" component="div">
          {row.check.description}
          {row.result === undefined && ' (not evaluated: no facts yet)'}
        </Typography>
        {values && (
          <Typography variant="caption" color="error" component="div">
            {values}
          </Typography>
        )}
      </Box>
    </Box>
  );
};

const CheckList = ({ rows }: { rows: ScorecardRow[] }) => {
  const passed = rows.filter(row => row.result === true).length;
  return (
    <>
      <Typography variant="subtitle2">
        {passed} of {rows.length} checks pass
      </Typography>
      <ul
        aria-label="Restore checks"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {rows.map(row => (
          <CheckRow key={row.check.id} row={row} />
        ))}
      </ul>
    </>
  );
};

const ScorecardBody = ({ scorecard }: { scorecard: Scorecard }) => {
  switch (scorecard.state) {
    case 'not-installed':
      return (
        <Alert severity="info">
          Tech Insights is not installed in this Backstage backend. Add
          @backstage-community/plugin-tech-insights-backend with its jsonfc
          module and @kymaros/plugin-kymaros-backend-module-tech-insights to see
          the restore checks here.
        </Alert>
      );
    case 'no-checks':
      return (
        <Alert severity="info">
          No Tech Insights check reads the Kymaros restore facts. Add the
          Kymaros checks to techInsights.factChecker.checks in app-config.
        </Alert>
      );
    case 'no-facts':
      return (
        <Alert severity="info">
          No restore facts for this entity yet: Tech Insights computes them on
          the schedule of techInsights.factRetrievers.kymarosRestoreFacts.
        </Alert>
      );
    default:
      return <CheckList rows={scorecard.rows} />;
  }
};

/**
 * The entity's restore scorecard: each Tech Insights check on the Kymaros
 * facts (score, tested recently, RTO) with whether it passes. Needs the
 * tech-insights backend with the Kymaros module; says so when it is absent.
 */
export const EntityKymarosScorecardCard = () => {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const ref = getCompoundEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => fetchScorecard({ discoveryApi, fetchApi }, ref),
    [discoveryApi, fetchApi, ref.kind, ref.namespace, ref.name],
  );
  return (
    <InfoCard title="Restore scorecard" variant="gridItem">
      {loading && <Progress />}
      {error && (
        <ResponseErrorPanel
          error={error}
          title={`Tech Insights could not run the restore checks: ${error.message}`}
        />
      )}
      {value && <ScorecardBody scorecard={value} />}
    </InfoCard>
  );
};
