import type { ReactNode } from 'react';
import { SupportButton } from '@backstage/core-components';
import {
  configApiRef,
  useApi,
  useTranslationRef,
} from '@backstage/frontend-plugin-api';
import {
  CatalogTable,
  catalogTranslationRef,
  type CatalogTableColumnsFunc,
} from '@backstage/plugin-catalog';
import {
  CatalogFilterLayout,
  EntityListProvider,
  type EntityListPagination,
} from '@backstage/plugin-catalog-react';
import { Container, Header } from '@backstage/ui';
import { createKymarosCatalogColumn } from '@kymaros/plugin-kymaros';

/**
 * The catalog's default columns with each entity's restore result after its
 * name, where it is seen without scrolling. Cells wrap between words: the
 * theme breaks cell text anywhere, which splits names mid-letter once a
 * column is narrow.
 */
const columns: CatalogTableColumnsFunc = context =>
  CatalogTable.defaultColumnsFunc(context).flatMap(column => {
    const wrapped = {
      ...column,
      cellStyle:
        typeof column.cellStyle === 'function'
          ? column.cellStyle
          : { ...column.cellStyle, wordBreak: 'normal' as const },
    };
    return column.field === 'resolved.entityRef'
      ? [wrapped, createKymarosCatalogColumn()]
      : [wrapped];
  });

/**
 * The catalog index as the catalog plugin draws it in this frontend system,
 * with a Restore column: the plugin's page takes no columns, so the app
 * draws the same header, filters and table itself.
 */
export const CatalogIndex = (props: {
  filters: ReactNode;
  pagination?: EntityListPagination;
}) => {
  const orgName =
    useApi(configApiRef).getOptionalString('organization.name') ?? 'Backstage';
  const { t } = useTranslationRef(catalogTranslationRef);
  return (
    <EntityListProvider pagination={props.pagination}>
      <Header
        title={t('indexPage.title', { orgName })}
        customActions={
          <SupportButton>{t('indexPage.supportButtonContent')}</SupportButton>
        }
      />
      <Container>
        <CatalogFilterLayout>
          <CatalogFilterLayout.Filters>
            {props.filters}
          </CatalogFilterLayout.Filters>
          <CatalogFilterLayout.Content>
            <CatalogTable columns={columns} />
          </CatalogFilterLayout.Content>
        </CatalogFilterLayout>
      </Container>
    </EntityListProvider>
  );
};
