import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { OUTCOME_LABELS, type Outcome } from '../../lib/result';

export const ALL = 'all';

export interface OverviewFilterValues {
  owner: string;
  outcome: Outcome | typeof ALL;
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

/** Owner, result and text filters of the overview table. */
export const OverviewFilters = (props: {
  owners: { value: string; label: string }[];
  values: OverviewFilterValues;
  onChange: (values: OverviewFilterValues) => void;
}) => {
  const { owners, values, onChange } = props;
  return (
    <Box
      display="flex"
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
    </Box>
  );
};
