import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';

const SHOWN = 8;

/** A labelled list of names as chips; long lists fold behind "show all". */
export const ItemChips = (props: {
  label: string;
  items: string[];
  variant?: 'default' | 'outlined';
}) => {
  const [all, setAll] = useState(false);
  const { label, items, variant = 'default' } = props;
  if (items.length === 0) return null;
  const shown = all ? items : items.slice(0, SHOWN);
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      mt={0.5}
      style={{ gap: 4 }}
    >
      <Typography variant="caption" color="textSecondary">
        {label} ({items.length}):
      </Typography>
      {shown.map(item => (
        <Chip key={item} label={item} size="small" variant={variant} />
      ))}
      {items.length > SHOWN && (
        <Button size="small" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${items.length}`}
        </Button>
      )}
    </Box>
  );
};
