import { useState, type ReactNode } from 'react';
import Button from '@material-ui/core/Button';

/** Rows a long list shows before "Show N more". */
export const FOLDED_AT = 10;

/**
 * The first ten items of a list, and the button that shows the rest (or
 * folds them again); no button when the list is short.
 */
export function useFold<T>(items: T[]): { shown: T[]; toggle: ReactNode } {
  const [open, setOpen] = useState(false);
  const hidden = items.length - FOLDED_AT;
  if (hidden <= 0) return { shown: items, toggle: null };
  return {
    shown: open ? items : items.slice(0, FOLDED_AT),
    toggle: (
      <Button size="small" onClick={() => setOpen(!open)}>
        {open ? 'Show fewer' : `Show ${hidden} more`}
      </Button>
    ),
  };
}
