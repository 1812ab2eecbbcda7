import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { InfoCard, StatusOK } from '@backstage/core-components';
import type { RestoreReportStatus } from '@kymaros/plugin-kymaros-common';
import { levelsOf } from '../../lib/levels';
import { StatusLabel } from '../common';

/**
 * Where the points were lost, biggest loss first, so an owner knows what to
 * fix first. Levels skipped because an earlier one failed are grouped.
 */
export const WhatToFixCard = (props: { status: RestoreReportStatus }) => {
  const { status } = props;
  const lost = levelsOf(status)
    .filter(l => l.points < l.maxPoints)
    .sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points));
  const failed = lost.filter(l => l.status !== 'skip');
  const skipped = lost.filter(l => l.status === 'skip');
  const failedChecks = status.checks.filter(c => c.status === 'fail');
  const pointsLost = lost.reduce((n, l) => n + l.maxPoints - l.points, 0);

  let body: React.ReactNode;
  if (status.result === 'error') {
    body = (
      <Typography>
        Nothing could be evaluated in this run. Fix the cause shown above and
        run the test again.
      </Typography>
    );
  } else if (lost.length === 0) {
    body = <StatusOK>Nothing to fix: every level earned full points.</StatusOK>;
  } else {
    body = (
      <List disablePadding>
        {failed.map(level => (
          <ListItem key={level.key} disableGutters alignItems="flex-start">
            <ListItemText
              primary={
                <StatusLabel status={level.status}>
                  <strong>
                    −{level.maxPoints - level.points} {level.title}
                  </strong>
                </StatusLabel>
              }
              secondary={level.detail}
            />
          </ListItem>
        ))}
        {skipped.length > 0 && (
          <ListItem disableGutters alignItems="flex-start">
            <ListItemText
              primary={
                <StatusLabel status="skip">
                  <strong>
                    −{skipped.reduce((n, l) => n + l.maxPoints - l.points, 0)}{' '}
                    Not evaluated
                  </strong>
                </StatusLabel>
              }
              secondary={`${skipped.map(l => l.title).join(', ')}. ${
                skipped[0].detail
              }`}
            />
          </ListItem>
        )}
        {failedChecks.map(check => (
          <ListItem key={check.name} disableGutters alignItems="flex-start">
            <ListItemText
              primary={
                <StatusLabel status="fail">
                  Check {check.name} failed
                </StatusLabel>
              }
              secondary={check.message}
            />
          </ListItem>
        ))}
      </List>
    );
  }

  return (
    <InfoCard
      title="What to fix"
      subheader={
        pointsLost > 0 && status.result !== 'error'
          ? `${pointsLost} points lost, biggest loss first`
          : undefined
      }
      variant="fullHeight"
    >
      {body}
    </InfoCard>
  );
};
