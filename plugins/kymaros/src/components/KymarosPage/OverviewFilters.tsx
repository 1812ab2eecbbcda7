import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { OUTCOME_LABELS, type Outcome } from '../../lib/result';

export const ALL = 'all';

export interface OverviewFilterValues {
  owner: string;
  outcome: Outcome | typeof ALL;
  /** Only tests whose latest restored backup was older than its RPO target. */
  rpoBreached: boolean;
  /** Part of an entity ref or test name. */
  search: string;
}

const OUTCOMES: Outcome[] = [
  'fail',
  'error',
  'invalid',
  'never',
  'partial',
  'pass',
];

/** Owner, result, RPO and text filters of the overview table. */
export const OverviewFilters = (props: {
  owners: { value: string; label: string }[];
  values: OverviewFilterValues;
  /** Tests whose latest backup was older than its RPO target, filters aside. */
  rpoBreached?: number;
  onChange: (values: OverviewFilterValues) => void;
}) => {
  const { owners, values, onChange } = props;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 16 }}
      mb={2}
      role="group"
      aria-label="Filters"
    >
      <TextField
        select
        label="Owner"
        variant="outlined"
        size="small"
        value={values.owner}
        onChange={e => onChange({ ...values, owner: e.target.value })}
        style={{ minWidth: 220 }}
        SelectProps={{ SelectDisplayProps: { 'aria-label': 'Owner' } as any }}
      >
        <MenuItem value={ALL}>All owners</MenuItem>
        {owners.map(o => (
          <MenuItem key={o.value} value={o.value}>
            {o.label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="Result"
        variant="outlined"
        size="small"
        value={values.outcome}
        onChange={e =>
          onChange({ ...values, outcome: e.target.value as Outcome })
        }
        style={{ minWidth: 220 }}
        SelectProps={{ SelectDisplayProps: { 'aria-label': 'Result' } as any }}
      >
        <MenuItem value={ALL}>All results</MenuItem>
        {OUTCOMES.map(o => (
          <MenuItem key={o} value={o}>
            {OUTCOME_LABELS[o]}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        label="Search"
        variant="outlined"
        size="small"
        value={values.search}
        onChange={e => onChange({ ...values, search: e.target.value })}
        style={{ minWidth: 260 }}
        inputProps={{ 'aria-label': 'Search entities' }}
      />
      <FormControlLabel
        control={
          <Checkbox
            checked={values.rpoBreached}
            onChange={e =>
              onChange({ ...values, rpoBreached: e.target.checked })
            }
            color="primary"
          />
        }
        label={`RPO breached${
          props.rpoBreached !== undefined ? ` (${props.rpoBreached})` : ''
        }`}
      />
    </Box>
  );
};
