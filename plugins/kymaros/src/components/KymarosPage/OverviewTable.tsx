import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  Link,
  StatusError,
  StatusOK,
  StatusRunning,
  type TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  EntityRefLink,
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { SummaryItem } from '@kymaros/plugin-kymaros-common';
import { outcomeOf, rtoMeasured, scoreText } from '../../lib/result';
import { RelativeTime, ResultChip } from '../common';
import { RpoCell } from './RpoCell';
import { ScoreTrend } from './ScoreTrend';
import { ResponsiveTable } from '../common/ResponsiveTable';

const nowrap = { whiteSpace: 'nowrap' } as const;

/** One page of opted-in tests, in the order given (worst first); the backend pages. */
export const OverviewTable = (props: {
  items: SummaryItem[];
  /** Tests matching the filters, across all pages. */
  totalItems: number;
  loading: boolean;
  page: number;
  pageSize: number;
  pageSizes: number[];
  onPageChange: (page: number, pageSize: number) => void;
  /** Path of the "Restore" tab under an entity page. */
  entityTabPath: string;
}) => {
  const entityRoute = useRouteRef(entityRouteRef);
  const tabLink = (ref: string) =>
    `${entityRoute(entityRouteParams(ref))}/${props.entityTabPath}`;

  const columns: TableColumn<SummaryItem>[] = [
    {
      title: 'Entity',
      field: 'entityRef',
      highlight: true,
      cellStyle: { minWidth: 180 },
      render: item => (
        <>
          <EntityRefLink entityRef={item.entityRef} defaultKind="component" />
          {item.testName !== parseEntityRef(item.entityRef).name && (
            <Typography variant="caption" color="textSecondary" component="div">
              test {item.testName}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      cellStyle: nowrap,
      render: item =>
        item.owner ? (
          <EntityRefLink entityRef={item.owner} defaultKind="group" />
        ) : (
          '—'
        ),
    },
    {
      title: 'Score',
      field: 'score',
      render: item => (
        <Link
          to={tabLink(item.entityRef)}
          aria-label={`Restore details of ${item.entityRef}`}
        >
          <strong>{scoreText(item)}</strong>
        </Link>
      ),
    },
    {
      title: 'Result',
      cellStyle: nowrap,
      render: item => (
        <>
          <ResultChip result={outcomeOf(item)} />
          {item.error && (
            <Typography
              variant="caption"
              color="error"
              component="div"
              title={item.error}
              style={{
                maxWidth: 260,
                overflow: 'hidden',
                textOverflow: 'ellipsis',
              }}
            >
              {item.error}
            </Typography>
          )}
          {item.phase === 'Running' && (
            <Typography variant="caption" component="div">
              <StatusRunning>running</StatusRunning>
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'RTO',
      cellStyle: nowrap,
      render: item => {
        const measured = rtoMeasured({
          result: item.result,
          restoredBackup: item.backupAge,
        });
        if (item.withinSLA === undefined || !measured) return '—';
        if (!item.withinSLA) return <StatusError>Over target</StatusError>;
        // Green only beside a pass: next to a failed run it is a plain fact.
        return item.result === 'pass' ? (
          <StatusOK>Within target</StatusOK>
        ) : (
          'Within target'
        );
      },
    },
    {
      title: 'Backup age (RPO)',
      cellStyle: nowrap,
      field: 'backupAge',
      render: item => <RpoCell item={item} />,
    },
    {
      title: 'Last run',
      cellStyle: nowrap,
      field: 'lastRunAt',
      render: item => (
        <RelativeTime value={item.lastRunAt} fallback="Never" stacked />
      ),
    },
    {
      title: 'Trend',
      cellStyle: { minWidth: 110 },
      render: item => <ScoreTrend scores={item.trend} />,
    },
  ];

  return (
    <>
      <ResponsiveTable<SummaryItem>
        title="Restore tests, worst first"
        columns={columns}
        data={props.items}
        isLoading={props.loading}
        options={{
          paging: false,
          search: false,
          sorting: false,
          padding: 'dense',
        }}
        emptyContent={
          <Typography style={{ padding: 16 }}>
            No restore test matches these filters.
          </Typography>
        }
      />
      {props.totalItems > props.pageSizes[0] && (
        <TablePagination
          component="div"
          count={props.totalItems}
          page={props.page}
          rowsPerPage={props.pageSize}
          rowsPerPageOptions={props.pageSizes}
          onPageChange={(_event, page) =>
            props.onPageChange(page, props.pageSize)
          }
          onRowsPerPageChange={event =>
            props.onPageChange(0, Number(event.target.value))
          }
        />
      )}
    </>
  );
};
