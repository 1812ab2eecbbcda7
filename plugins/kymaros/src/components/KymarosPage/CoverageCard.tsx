import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { InfoCard, StatusOK } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  KYMAROS_ANNOTATIONS,
  type SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import { ownerRef } from '../../lib/entityRefs';

/**
 * Production components that have no restore test: nobody knows if they
 * restore. The backend lists the first ones and counts them all.
 */
export const CoverageCard = (props: {
  notOptedIn: SummaryResponse['notOptedIn'];
  total: number;
}) => {
  const { notOptedIn, total } = props;
  return (
    <InfoCard
      title="Coverage gaps"
      subheader={`${total} production component${
        total === 1 ? '' : 's'
      } without a restore test${
        total > notOptedIn.length ? `; the first ${notOptedIn.length}:` : ''
      }`}
    >
      {total === 0 ? (
        <StatusOK>Every production component has a restore test.</StatusOK>
      ) : (
        <>
          <List
            dense
            disablePadding
            aria-label="Production components without a restore test"
          >
            {notOptedIn.map(gap => (
              <ListItem key={gap.entityRef} disableGutters>
                <ListItemText
                  primary={
                    <EntityRefLink
                      entityRef={gap.entityRef}
                      defaultKind="component"
                    />
                  }
                  secondary={
                    gap.owner ? (
                      <>
                        owned by{' '}
                        <EntityRefLink
                          entityRef={ownerRef(gap.owner)!}
                          defaultKind="group"
                        />
                      </>
                    ) : (
                      'no owner'
                    )
                  }
                />
              </ListItem>
            ))}
          </List>
          <Typography variant="body2" color="textSecondary">
            To opt one in, add{' '}
            <code>{KYMAROS_ANNOTATIONS.enabled}: "true"</code> to its
            catalog-info.yaml.
          </Typography>
        </>
      )}
    </InfoCard>
  );
};
