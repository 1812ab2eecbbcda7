import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { LevelView } from '../../lib/levels';
import { StatusLabel } from '../common';
import { ItemChips } from './ItemChips';
import { PointsBar } from './PointsBar';

/** One validation level: verdict, points bar, detail, what was and was not tested. */
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
      <ItemChips label="Tested" items={level.tested} />
      <ItemChips
        label="Not tested"
        items={level.notTested}
        variant="outlined"
      />
    </Box>
  );
};
