import type { ReactNode } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles, type Theme } from '@material-ui/core/styles';
import { WholeWords } from '../common/WholeWords';
import { useFold } from './useFold';

const useStyles = makeStyles((theme: Theme) => ({
  // On a phone the cells stack (WholeWords): each says what it is instead of the header.
  head: { [theme.breakpoints.down('xs')]: { display: 'none' } },
  label: {
    display: 'none',
    [theme.breakpoints.down('xs')]: {
      display: 'block',
      ...theme.typography.caption,
      color: theme.palette.text.secondary,
    },
  },
}));

export interface SandboxColumn<T> {
  title: string;
  width?: string;
  render: (row: T) => ReactNode;
}

/** A dense table of one part of the Sandbox section, folded after ten rows. */
export function SandboxTable<T>(props: {
  label: string;
  columns: SandboxColumn<T>[];
  rows: T[];
}) {
  const classes = useStyles();
  const { columns } = props;
  const { shown, toggle } = useFold(props.rows);
  return (
    <>
      <WholeWords>
        <Table size="small" aria-label={props.label}>
          <TableHead className={classes.head}>
            <TableRow>
              {columns.map(c => (
                <TableCell key={c.title} style={{ width: c.width }}>
                  {c.title}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((row, i) => (
              <TableRow key={i}>
                {columns.map(c => (
                  <TableCell key={c.title}>
                    <span className={classes.label}>{c.title}</span>
                    {c.render(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </WholeWords>
      {toggle}
    </>
  );
}
