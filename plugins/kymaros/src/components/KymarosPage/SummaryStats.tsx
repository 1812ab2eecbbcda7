import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import type { SummaryResponse } from '@kymaros/plugin-kymaros-common';

/**
 * Headline counts over every test the caller may read, whatever the table's
 * filters and page: tests, passing, needing attention, not run yet, coverage gaps.
 */
export const SummaryStats = (props: { summary: SummaryResponse }) => {
  const { counts, notOptedInTotal } = props.summary;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const stats = [
    { label: 'Restore tests', value: total },
    { label: 'Passing', value: counts.pass },
    { label: 'Partial', value: counts.partial },
    { label: 'Failing', value: counts.fail },
    { label: 'Error or invalid', value: counts.error + counts.invalid },
    { label: 'Not run yet', value: counts.never },
    { label: 'Production components not covered', value: notOptedInTotal },
  ];
  return (
    <Grid container spacing={2}>
      {stats.map(s => (
        <Grid item xs={6} sm={3} md key={s.label}>
          <Paper style={{ padding: 12, height: '100%' }}>
            <Typography variant="h4" component="p">
              {s.value}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {s.label}
            </Typography>
          </Paper>
        </Grid>
      ))}
    </Grid>
  );
};
