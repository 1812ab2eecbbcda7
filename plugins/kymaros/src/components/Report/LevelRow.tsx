import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { LevelView } from '../../lib/levels';
import { StatusLabel } from '../common';
import { ItemChips } from './ItemChips';
import { PointsBar } from './PointsBar';

/** Why a level's items were not tested, unless its detail, just above, says it already. */
function notTestedReason(level: LevelView): string | undefined {
  const reason =
    level.notTestedReason ??
    (level.status === 'skip' ? level.detail : undefined);
  return reason === level.detail ? undefined : reason;
}

/** One validation level: verdict, points bar, detail, what passed, failed and was not tested. */
export const LevelRow = (props: { level: LevelView }) => {
  const { level } = props;
  return (
    <Box py={1.5} data-testid={`level-${level.key}`}>
      <Box display="flex" justifyContent="space-between" alignItems="baseline">
        <Typography variant="subtitle1">
          <StatusLabel status={level.status}>
            <strong>{level.title}</strong>
          </StatusLabel>
        </Typography>
        <Typography
          variant="subtitle2"
          aria-label={`${level.points} of ${level.maxPoints} points`}
        >
          {level.points}/{level.maxPoints} pts
        </Typography>
      </Box>
      <Typography variant="caption" color="textSecondary">
        {level.description}
      </Typography>
      <PointsBar points={level.points} maxPoints={level.maxPoints} />
      <Typography variant="body2">{level.detail}</Typography>
      <ItemChips
        state={level.legacy ? 'tested' : 'passed'}
        items={level.tested}
      />
      <ItemChips state="failed" items={level.failed} />
      <ItemChips
        state="notTested"
        items={level.notTested}
        reason={notTestedReason(level)}
      />
    </Box>
  );
};
