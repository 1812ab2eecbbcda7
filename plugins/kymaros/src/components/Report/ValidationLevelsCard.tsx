import Divider from '@material-ui/core/Divider';
import { InfoCard } from '@backstage/core-components';
import type { RestoreReportStatus } from '@kymaros/plugin-kymaros-common';
import { levelsOf } from '../../lib/levels';
import { LevelRow } from './LevelRow';

/** The six validation levels that add up to the score. */
export const ValidationLevelsCard = (props: {
  status: RestoreReportStatus;
}) => {
  const levels = levelsOf(props.status);
  return (
    <InfoCard
      title="Validation levels"
      subheader="Six levels, 100 points: the score is their sum"
    >
      {levels.map((level, i) => (
        <div key={level.key}>
          {i > 0 && <Divider />}
          <LevelRow level={level} />
        </div>
      ))}
    </InfoCard>
  );
};
