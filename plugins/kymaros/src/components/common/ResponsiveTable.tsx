import { Fragment, type ReactNode } from 'react';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import { makeStyles, useTheme, type Theme } from '@material-ui/core/styles';
import {
  Progress,
  Table,
  type TableColumn,
  type TableProps,
} from '@backstage/core-components';
import { WholeWords } from './WholeWords';

const useStyles = makeStyles((theme: Theme) => ({
  header: { padding: theme.spacing(2, 2, 1) },
  rows: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    borderTop: `1px solid ${theme.palette.divider}`,
    padding: theme.spacing(1.5, 2),
  },
  fields: {
    display: 'grid',
    // Labels as wide as the longest one needs, values take the rest.
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.75),
    margin: 0,
  },
  label: {
    ...theme.typography.caption,
    color: theme.palette.text.secondary,
    paddingTop: 2,
  },
  value: {
    ...theme.typography.body2,
    margin: 0,
    minWidth: 0,
    // Words wrap whole; only a token longer than the line is split.
    overflowWrap: 'break-word',
    wordBreak: 'normal',
  },
}));

/** What a column shows for a row: its render, else its field. */
function cellOf<T extends object>(column: TableColumn<T>, row: T): ReactNode {
  if (column.render) return column.render(row, 'row') as ReactNode;
  if (typeof column.field === 'string') {
    const value = (row as Record<string, unknown>)[column.field];
    return value === undefined || value === null ? undefined : String(value);
  }
  return undefined;
}

const isEmpty = (value: ReactNode) =>
  value === undefined || value === null || value === false || value === '';

/** Each row as a block of "label value" lines: readable at phone width. */
function StackedRows<T extends object>(props: TableProps<T>) {
  const classes = useStyles();
  const columns = props.columns.filter(c => !c.hidden);
  const data = Array.isArray(props.data) ? props.data : [];
  let body: ReactNode;
  if (props.isLoading) body = <Progress />;
  else if (!data.length) body = props.emptyContent;
  else
    body = (
      <ul className={classes.rows}>
        {data.map((row, index) => (
          <li key={index} className={classes.row}>
            <dl className={classes.fields}>
              {columns.map((column, c) => {
                const value = cellOf(column, row);
                if (isEmpty(value)) return null;
                return (
                  <Fragment key={c}>
                    <dt className={classes.label}>{column.title}</dt>
                    <dd className={classes.value}>{value}</dd>
                  </Fragment>
                );
              })}
            </dl>
          </li>
        ))}
      </ul>
    );
  return (
    <Paper>
      <div className={classes.header}>
        <Typography variant="h6" component="h2">
          {props.title}
        </Typography>
        {props.subtitle && (
          <Typography variant="body2" color="textSecondary">
            {props.subtitle}
          </Typography>
        )}
      </div>
      {body}
    </Paper>
  );
}

/**
 * Backstage's table on wide screens; below the theme's `sm` breakpoint
 * (600 px) each row becomes a block of labelled lines, so no column is
 * pushed off-screen. Either way words wrap whole. Takes the table's props.
 */
export function ResponsiveTable<T extends object>(props: TableProps<T>) {
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down('xs'), { noSsr: true });
  if (narrow) return <StackedRows {...props} />;
  return (
    <WholeWords>
      <Table<T> {...props} />
    </WholeWords>
  );
}
