import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import type { SummaryResponse } from '@kymaros/plugin-kymaros-common';

/**
 * Headline counts over every test the caller may read, whatever the table's
 * filters and page: tests, passing, partial, failing, then apart from one
 * another what has no verdict (runs that could not be evaluated, invalid
 * definitions, tests that have not run yet), and coverage gaps.
 */
export const SummaryStats = (props: { summary: SummaryResponse }) => {
  const { counts, notOptedInTotal } = props.summary;
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const stats = [
    { id: 'total', label: 'Restore tests', value: total },
    { id: 'pass', label: 'Passing', value: counts.pass },
    { id: 'partial', label: 'Partial', value: counts.partial },
    { id: 'fail', label: 'Failing', value: counts.fail },
    { id: 'error', label: 'Could not be evaluated', value: counts.error },
    { id: 'invalid', label: 'Invalid definition', value: counts.invalid },
    { id: 'never', label: 'Not run yet', value: counts.never },
    {
      id: 'uncovered',
      label: 'Production components not covered',
      value: notOptedInTotal,
    },
  ];
  return (
    <Grid container spacing={2}>
      {stats.map(s => (
        <Grid item xs={6} sm={3} md key={s.id} data-testid={`tile-${s.id}`}>
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
