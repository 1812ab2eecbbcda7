import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import type { SummaryResponse } from '@kymaros/plugin-kymaros-common';
import { outcomeOf } from '../../lib/result';

/** Headline counts: tests, passing, needing attention, coverage gaps. */
export const SummaryStats = (props: { summary: SummaryResponse }) => {
  const { items, notOptedIn } = props.summary;
  const outcomes = items.map(outcomeOf);
  const count = (...wanted: string[]) =>
    outcomes.filter(outcome => wanted.includes(outcome)).length;
  const stats = [
    { label: 'Restore tests', value: items.length },
    { label: 'Passing', value: count('pass') },
    { label: 'Partial', value: count('partial') },
    { label: 'Failing', value: count('fail') },
    {
      label: 'Error, invalid or not run',
      value: count('error', 'invalid', 'never'),
    },
    { label: 'Production components not covered', value: notOptedIn.length },
  ];
  return (
    <Grid container spacing={2}>
      {stats.map(s => (
        <Grid item xs={6} sm={4} md={2} key={s.label}>
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
