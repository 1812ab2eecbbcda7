import type { ReactNode } from 'react';
import { makeStyles, type Theme } from '@material-ui/core/styles';

const useStyles = makeStyles((theme: Theme) => ({
  root: {
    // Backstage's theme lets table cells break words anywhere, which splits
    // them mid-letter once a column is narrow (on a phone, "Com/plete/d").
    // Cells wrap whole words here (hyphens and spaces included); only a
    // token longer than its line is split.
    '& td, & th': { wordBreak: 'normal', overflowWrap: 'break-word' },
    // On a phone a label column leaves its value no room: each cell takes
    // the whole width, the value under its label.
    [theme.breakpoints.down('xs')]: {
      '& tr > td, & tr > th': { display: 'block', width: 'auto' },
    },
  },
}));

/** Everything inside wraps text between words, never inside one that fits a line. */
export const WholeWords = (props: { children: ReactNode }) => {
  const classes = useStyles();
  return <div className={classes.root}>{props.children}</div>;
};
