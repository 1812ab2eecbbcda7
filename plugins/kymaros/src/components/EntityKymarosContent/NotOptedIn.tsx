import Typography from '@material-ui/core/Typography';
import { MissingAnnotationEmptyState } from '@backstage/plugin-catalog-react';
import { KYMAROS_ANNOTATIONS } from '@kymaros/plugin-kymaros-common';

/** The entity has not opted in: which annotations to add. */
export const NotOptedIn = () => (
  <>
    <MissingAnnotationEmptyState
      annotation={[KYMAROS_ANNOTATIONS.enabled, KYMAROS_ANNOTATIONS.namespaces]}
    />
    <Typography variant="body2" color="textSecondary">
      Set <code>{KYMAROS_ANNOTATIONS.enabled}: "true"</code> and list the
      namespaces to restore in <code>{KYMAROS_ANNOTATIONS.namespaces}</code>{' '}
      (comma separated; defaults to{' '}
      <code>backstage.io/kubernetes-namespace</code>
      ). Or point <code>{KYMAROS_ANNOTATIONS.restoreTest}</code> at a
      RestoreTest file such as <code>./kymaros.yaml</code>.
    </Typography>
  </>
);
