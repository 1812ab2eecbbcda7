import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { RestoreReportStatus } from '@kymaros/plugin-kymaros-common';
import { levelTitle } from '../../lib/levels';

/** A score drop or a level that went from pass to fail since the previous report. */
export const RegressionBanner = (props: {
  status: RestoreReportStatus;
  /** Opens the previous report, when it is still kept. */
  onOpenPrevious?: (name: string) => void;
}) => {
  const regression = props.status.regression;
  if (!regression) return null;
  const { previousScore, scoreDelta, levels, previousReport } = regression;
  const { onOpenPrevious } = props;
  return (
    <Alert
      severity="warning"
      action={
        onOpenPrevious && (
          <Button
            color="inherit"
            size="small"
            onClick={() => onOpenPrevious(previousReport)}
          >
            Open previous report
          </Button>
        )
      }
    >
      <AlertTitle>Regression since the previous run</AlertTitle>
      {scoreDelta < 0
        ? `Score dropped from ${previousScore} to ${props.status.score} (${scoreDelta}).`
        : `Score ${previousScore} → ${props.status.score}.`}
      {levels.length > 0 &&
        ` Went from passing to failing: ${levels.map(levelTitle).join(', ')}.`}
    </Alert>
  );
};
