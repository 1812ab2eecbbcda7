import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { CodeSnippet, InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { KYMAROS_ANNOTATIONS } from '@kymaros/plugin-kymaros-common';
import { isKymarosCoverageGap } from '../../coverageRule';
import { namespacesOf, optInSnippet } from './optInSnippet';

/**
 * On the overview of a production component that has not opted in: nobody
 * knows whether its backups restore, and the annotation that changes that.
 * Renders nothing for other entities, so it can sit on every page.
 */
export const EntityKymarosCoverageCard = () => {
  const { entity } = useEntity();
  if (!isKymarosCoverageGap(entity)) return null;
  const name = entity.metadata.title ?? entity.metadata.name;
  return (
    <InfoCard title="Restore coverage" variant="gridItem">
      <Alert severity="warning">
        <AlertTitle>No restore test covers {name}</AlertTitle>
        It runs in production, but nothing checks that its backups restore.
      </Alert>
      <Typography variant="body2" paragraph style={{ marginTop: 16 }}>
        Add these annotations to its catalog-info.yaml; Kymaros then restores
        its latest backup into a sandbox on a schedule and scores the result.
      </Typography>
      <CodeSnippet
        language="yaml"
        text={optInSnippet(entity)}
        showCopyCodeButton
      />
      <Typography
        variant="body2"
        color="textSecondary"
        style={{ marginTop: 8 }}
      >
        {namespacesOf(entity)
          ? `${KYMAROS_ANNOTATIONS.namespaces} lists the namespaces restored together (comma separated).`
          : `Replace the placeholder with the namespaces restored together (comma separated).`}{' '}
        Or point <code>{KYMAROS_ANNOTATIONS.restoreTest}</code> at a RestoreTest
        file such as <code>./kymaros.yaml</code>.
      </Typography>
    </InfoCard>
  );
};
