import type { TableOptions } from '@backstage/core-components';

/** A short table shown whole, in the order given, with fixed column widths. */
export const STATIC_TABLE_OPTIONS: TableOptions<any> = {
  tableLayout: 'fixed',
  paging: false,
  search: false,
  padding: 'dense',
  sorting: false,
};
