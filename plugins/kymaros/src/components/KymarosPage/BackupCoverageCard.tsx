import { useState } from 'react';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { parseEntityRef } from '@backstage/catalog-model';
import { InfoCard, Link, Progress, StatusOK } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { BackupCoverage } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../../api';
import { BackendError } from '../common';
import {
  byWorstFirst,
  COVERAGE_LABELS,
  CoverageStatusChip,
  WORST_FIRST,
} from '../EntityBackupCoverage';

const useStyles = makeStyles((theme: Theme) => ({
  // A column of chips beside the names; on a phone the chip goes above, leaving the sentence the width.
  item: {
    [theme.breakpoints.down('xs')]: { flexDirection: 'column' },
  },
  status: {
    minWidth: 104,
    marginRight: theme.spacing(2),
    marginTop: theme.spacing(0.75),
    [theme.breakpoints.down('xs')]: { minWidth: 0, marginTop: 0 },
  },
}));

/** Services listed before "Show all": the worst ones fit on a screen. */
const FIRST_SHOWN = 10;

/** `orders`, or `orders (test orders-archive)` when the entity has a test of another name. */
function serviceName(item: BackupCoverage): string {
  const { name } = parseEntityRef(item.entityRef);
  return item.testName === name ? name : `${name} (test ${item.testName})`;
}

/** `2 no schedule · 1 failing · 4 covered`: every status that has tests. */
function countsLine(items: BackupCoverage[]): string {
  return WORST_FIRST.map(status => {
    const count = items.filter(item => item.status === status).length;
    return count ? `${count} ${COVERAGE_LABELS[status].toLowerCase()}` : '';
  })
    .filter(Boolean)
    .join(' · ');
}

const NotCoveredList = (props: {
  items: BackupCoverage[];
  tabLink: (entityRef: string) => string;
}) => {
  const classes = useStyles();
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? props.items : props.items.slice(0, FIRST_SHOWN);
  return (
    <>
      {/* Not dense: the theme cuts dense list text to one line, and these sentences need all of theirs. */}
      <List disablePadding aria-label="Services whose backups need attention">
        {shown.map(item => (
          <ListItem
            key={item.testId}
            disableGutters
            alignItems="flex-start"
            className={classes.item}
          >
            <div className={classes.status}>
              <CoverageStatusChip status={item.status} />
            </div>
            <ListItemText
              primary={
                <Link to={props.tabLink(item.entityRef)}>
                  {serviceName(item)}
                </Link>
              }
              secondary={item.detail}
            />
          </ListItem>
        ))}
      </List>
      {props.items.length > shown.length && (
        <Button color="primary" onClick={() => setShowAll(true)}>
          Show all {props.items.length}
        </Button>
      )}
    </>
  );
};

/**
 * Services whose restore tests have namespaces not backed up on a schedule
 * within target, worst first, each linking to its Restore tab.
 */
export const BackupCoverageCard = (props: {
  /** Path of the "Restore" tab under an entity page. */
  entityTabPath: string;
}) => {
  const api = useApi(kymarosApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const coverage = useAsyncRetry(() => api.getBackupCoverage(), [api]);
  const tabLink = (ref: string) =>
    `${entityRoute(entityRouteParams(ref))}/${props.entityTabPath}`;

  let content: React.ReactNode;
  const items = coverage.value ?? [];
  const notCovered = items
    .filter(item => item.status !== 'covered')
    .sort(byWorstFirst);
  if (coverage.error) {
    content = <BackendError error={coverage.error} onRetry={coverage.retry} />;
  } else if (coverage.loading && !coverage.value) {
    content = <Progress />;
  } else if (items.length === 0) {
    content = (
      <Typography>No restore test yet, so no backups to check.</Typography>
    );
  } else if (notCovered.length === 0) {
    content = (
      <StatusOK>
        Every restore test's namespaces are backed up on a schedule, within
        their RPO target.
      </StatusOK>
    );
  } else {
    content = <NotCoveredList items={notCovered} tabLink={tabLink} />;
  }

  return (
    <InfoCard
      title="Backup coverage"
      subheader={
        items.length
          ? `Of ${items.length} restore test${
              items.length === 1 ? '' : 's'
            }: ${countsLine(items)}`
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
};
