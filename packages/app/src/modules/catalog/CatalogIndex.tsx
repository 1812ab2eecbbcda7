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
 * The catalog's default columns, then each entity's restore result. Names
 * wrap at hyphens rather than mid-letter (the theme breaks cell text
 * anywhere) now that one more column shares the width.
 */
const columns: CatalogTableColumnsFunc = context => {
  const [name, ...others] = CatalogTable.defaultColumnsFunc(context);
  return [
    { ...name, cellStyle: { wordBreak: 'normal', minWidth: 120 } },
    ...others,
    createKymarosCatalogColumn(),
  ];
};

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
