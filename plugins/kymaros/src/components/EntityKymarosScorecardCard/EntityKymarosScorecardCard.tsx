import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
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

/** The description, and for a check that did not pass the values it read. */
function secondaryText(row: ScorecardRow): string {
  if (row.result === undefined)
    return `${row.check.description} — not evaluated: no facts yet`;
  if (row.result) return row.check.description;
  const values = Object.entries(row.facts)
    .map(
      ([name, value]) => `${name}: ${value === null ? 'none' : String(value)}`,
    )
    .join(', ');
  return values
    ? `${row.check.description} — ${values}`
    : row.check.description;
}

const ResultIcon = ({ result }: { result?: boolean }) => {
  if (result === true)
    return <PassIcon titleAccess="Passes" style={{ color: '#2e7d32' }} />;
  if (result === false) return <FailIcon titleAccess="Fails" color="error" />;
  return <PendingIcon titleAccess="Not evaluated" color="disabled" />;
};

const CheckList = ({ rows }: { rows: ScorecardRow[] }) => {
  const passed = rows.filter(row => row.result === true).length;
  return (
    <>
      <Typography variant="subtitle2">
        {passed} of {rows.length} checks pass
      </Typography>
      <List dense aria-label="Restore checks">
        {rows.map(row => (
          <ListItem key={row.check.id} disableGutters>
            <ListItemIcon>
              <ResultIcon result={row.result} />
            </ListItemIcon>
            <ListItemText
              primary={row.check.name}
              secondary={secondaryText(row)}
            />
          </ListItem>
        ))}
      </List>
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
