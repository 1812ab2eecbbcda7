import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { kymarosApiRef } from '../../api';
import { isKymarosCoverageGap } from '../../coverageRule';
import { outcomeOf } from '../../lib/result';
import { ResultChip } from '../common';
import type { SummaryCache } from './summaryCache';

/** An entity's restore result in the catalog table: chip and score, "Not covered", or nothing. */
export const RestoreCell = (props: { entity: Entity; cache: SummaryCache }) => {
  const api = useApi(kymarosApiRef);
  const { value, error } = useAsync(
    () => props.cache.get(api),
    [api, props.cache],
  );
  if (error) {
    return (
      <Tooltip title={`Could not load restore results: ${error.message}`}>
        <Typography variant="body2" color="textSecondary">
          unavailable
        </Typography>
      </Tooltip>
    );
  }
  if (!value) return null;
  const item = value.get(stringifyEntityRef(props.entity).toLowerCase());
  if (!item) {
    return isKymarosCoverageGap(props.entity) ? (
      <Tooltip title="A production component with no restore test: nobody knows whether its backups restore.">
        <Typography variant="body2" style={{ whiteSpace: 'nowrap' }}>
          Not covered
        </Typography>
      </Tooltip>
    ) : null;
  }
  const outcome = outcomeOf(item);
  // An `error` run says nothing about the backup: no score for it.
  const score = item.result && item.result !== 'error' ? item.score : undefined;
  return (
    <span
      style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}
      data-testid="kymaros-restore-cell"
    >
      <ResultChip result={outcome} />
      {score !== undefined && (
        <Typography
          variant="body2"
          component="span"
          aria-label={`score ${score}`}
        >
          {score}
        </Typography>
      )}
    </span>
  );
};
