import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import { kymarosApiRef } from '../../api';
import { outcomeOf } from '../../lib/result';
import { ResultChip } from '../common';
import { loadTeamSummary, type TeamSummary } from './teamSummary';

const Stat = (props: { label: string; value: number }) => (
  <Grid item xs={4} sm={2}>
    <Typography variant="h5" component="p">
      {props.value}
    </Typography>
    <Typography variant="caption" color="textSecondary">
      {props.label}
    </Typography>
  </Grid>
);

const TeamStats = ({ summary }: { summary: TeamSummary }) => {
  const { counts, services, notCoveredTotal } = summary;
  return (
    <Grid
      container
      spacing={1}
      aria-label="Restore state of the team's services"
    >
      <Stat label="Tested" value={services.length} />
      <Stat label="Passing" value={counts.pass} />
      <Stat label="Partial" value={counts.partial} />
      <Stat label="Failing" value={counts.fail} />
      <Stat
        label="Error, invalid or not run"
        value={counts.error + counts.invalid + counts.never}
      />
      <Stat label="Not covered" value={notCoveredTotal} />
    </Grid>
  );
};

/** Services that need the team: every one that does not pass, worst first. */
const NeedsAttention = ({ summary }: { summary: TeamSummary }) => {
  const failing = summary.services.filter(s => outcomeOf(s) !== 'pass');
  if (!failing.length && !summary.notCovered.length) {
    return (
      <Typography variant="body2">
        Every service with a restore test passes, and every production component
        has one.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Services that need attention">
      {failing.map(service => (
        <ListItem key={service.testId} disableGutters>
          <ListItemText
            primary={
              <EntityRefLink
                entityRef={service.entityRef}
                defaultKind="component"
              />
            }
            secondary={
              service.result && service.result !== 'error'
                ? `score ${service.score}`
                : undefined
            }
          />
          <ResultChip result={outcomeOf(service)} />
        </ListItem>
      ))}
      {summary.notCovered.map(gap => (
        <ListItem key={gap.entityRef} disableGutters>
          <ListItemText
            primary={
              <EntityRefLink
                entityRef={gap.entityRef}
                defaultKind="component"
              />
            }
            secondary="production, no restore test"
          />
          <Typography variant="body2" style={{ whiteSpace: 'nowrap' }}>
            Not covered
          </Typography>
        </ListItem>
      ))}
    </List>
  );
};

/** On a group's page: the restore state of the services it owns. */
export const EntityKymarosGroupCard = () => {
  const { entity } = useEntity();
  const api = useApi(kymarosApiRef);
  const groupRef = stringifyEntityRef(entity);
  const { value, loading, error } = useAsync(
    () => loadTeamSummary(api, groupRef),
    [api, groupRef],
  );
  let body: React.ReactNode;
  if (loading) body = <Progress />;
  else if (error)
    body = (
      <Typography color="error">
        Could not load restore results: {error.message}
      </Typography>
    );
  else if (value && !value.services.length && !value.notCoveredTotal)
    body = (
      <Typography variant="body2">
        This team owns no production component and no restore test.
      </Typography>
    );
  else if (value)
    body = (
      <>
        <TeamStats summary={value} />
        <Typography variant="subtitle2" style={{ marginTop: 16 }}>
          Needs attention
        </Typography>
        <NeedsAttention summary={value} />
      </>
    );
  return (
    <InfoCard title="Restore confidence" variant="gridItem">
      {body}
    </InfoCard>
  );
};
