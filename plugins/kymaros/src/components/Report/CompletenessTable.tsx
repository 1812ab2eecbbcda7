import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  StatusError,
  StatusOK,
  type TableColumn,
} from '@backstage/core-components';
import type {
  Completeness,
  CompletenessDetail,
  RestoreReportStatus,
} from '@kymaros/plugin-kymaros-common';
import { STATIC_TABLE_OPTIONS } from './staticTableOptions';
import { ResponsiveTable } from '../common/ResponsiveTable';

const KIND_NAMES: Record<keyof Completeness, string> = {
  deployments: 'Deployment',
  statefulSets: 'StatefulSet',
  services: 'Service',
  secrets: 'Secret',
  configMaps: 'ConfigMap',
  pvcs: 'PersistentVolumeClaim',
  customResources: 'Custom resources',
};

type Row = CompletenessDetail & { id: string };

/** Rows per kind: the detailed list when the report has it, else the `actual/expected` summary. */
export function completenessRows(status: RestoreReportStatus): Row[] {
  const rows: CompletenessDetail[] = status.completenessDetail?.length
    ? status.completenessDetail
    : Object.entries(status.completeness ?? {}).flatMap(([key, value]) => {
        const [actual, expected] = String(value).split('/').map(Number);
        if (!Number.isFinite(expected) || expected === 0) return [];
        return [
          {
            kind: KIND_NAMES[key as keyof Completeness] ?? key,
            namespace: '',
            actual: Number.isFinite(actual) ? actual : 0,
            expected,
            missing: [],
          },
        ];
      });
  const short = (r: CompletenessDetail) => (r.actual < r.expected ? 0 : 1);
  return rows
    .map(r => ({ ...r, id: `${r.namespace}/${r.kind}` }))
    .sort((a, b) => short(a) - short(b));
}

/** Objects restored vs objects in the backup, per kind; shortfalls first and highlighted. */
export const CompletenessTable = (props: { status: RestoreReportStatus }) => {
  const theme = useTheme();
  const rows = completenessRows(props.status);
  const shortKinds = rows.filter(r => r.actual < r.expected).length;
  const completeness =
    shortKinds === 0
      ? 'Every kind complete'
      : `${shortKinds} kind${shortKinds > 1 ? 's' : ''} incomplete`;
  const showNamespace = rows.some(r => r.namespace);
  const columns: TableColumn<Row>[] = [
    {
      title: 'Kind',
      field: 'kind',
      width: '25%',
      render: r => <strong>{r.kind}</strong>,
    },
    ...(showNamespace
      ? [
          {
            title: 'Namespace',
            field: 'namespace',
            width: '15%',
          } as TableColumn<Row>,
        ]
      : []),
    {
      title: 'Restored / in backup',
      width: '20%',
      field: 'actual',
      render: r =>
        r.actual < r.expected ? (
          <StatusError>
            {r.actual}/{r.expected} ({r.expected - r.actual} missing)
          </StatusError>
        ) : (
          <StatusOK>
            {r.actual}/{r.expected}
          </StatusOK>
        ),
    },
    {
      title: 'Missing',
      field: 'missing',
      width: showNamespace ? '40%' : '55%',
      render: r =>
        r.missing.length ? <code>{r.missing.join(', ')}</code> : '',
    },
  ];
  return (
    <ResponsiveTable<Row>
      title="Resource completeness"
      subtitle={
        rows.length
          ? `${completeness}: objects in the sandbox vs objects in the backup`
          : undefined
      }
      columns={columns}
      data={rows}
      options={{
        ...STATIC_TABLE_OPTIONS,
        rowStyle: (r: Row) =>
          r.actual < r.expected
            ? { backgroundColor: `${theme.palette.error.main}1a` }
            : {},
      }}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          Nothing was restored in this run, so there is nothing to compare.
        </Typography>
      }
    />
  );
};
