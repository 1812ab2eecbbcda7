import type { Entity } from '@backstage/catalog-model';
import type { TableColumn } from '@backstage/core-components';
import { RestoreCell } from './RestoreCell';
import { createSummaryCache } from './summaryCache';

/** Shared by every column made here, so a columns function may call the factory on each render. */
const sharedCache = createSummaryCache();

/**
 * A "Restore" column for the catalog table: each entity's latest restore
 * result and score, "Not covered" for production components without a
 * test. All rows share one summary read (refreshed after 30 s), so a page of
 * the catalog costs one request, not one per row.
 *
 * @example
 * ```tsx
 * <CatalogIndexPage
 *   columns={context => [
 *     ...CatalogTable.defaultColumnsFunc(context),
 *     createKymarosCatalogColumn(),
 *   ]}
 * />
 * ```
 *
 * @public
 */
export function createKymarosCatalogColumn<
  T extends { entity: Entity },
>(options?: { title?: string }): TableColumn<T> {
  return {
    title: options?.title ?? 'Restore',
    sorting: false,
    searchable: false,
    // A chip and a score on one line: the theme would break "100" into "10 0".
    cellStyle: { whiteSpace: 'nowrap' },
    render: row => <RestoreCell entity={row.entity} cache={sharedCache} />,
  };
}
