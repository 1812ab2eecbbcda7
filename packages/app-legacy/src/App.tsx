import { Navigate, Route } from 'react-router-dom';
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import {
  AlertDisplay,
  OAuthRequestDialog,
  SignInPage,
} from '@backstage/core-components';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
  CatalogTable,
  type CatalogTableColumnsFunc,
} from '@backstage/plugin-catalog';
import { NotificationsPage } from '@backstage/plugin-notifications';
import { orgPlugin } from '@backstage/plugin-org';
import { SignalsDisplay } from '@backstage/plugin-signals';
import { UserSettingsPage } from '@backstage/plugin-user-settings';
import {
  createKymarosCatalogColumn,
  KymarosPage,
} from '@kymaros/plugin-kymaros';
import { apis } from './apis';
import { entityPage } from './components/catalog/EntityPage';
import { Root } from './components/Root';

const app = createApp({
  apis,
  bindRoutes({ bind }) {
    bind(orgPlugin.externalRoutes, {
      catalogIndex: catalogPlugin.routes.catalogIndex,
    });
  },
  components: {
    // Guest sign-in for local development (auth.providers.guest in app-config.yaml).
    SignInPage: props => <SignInPage {...props} auto providers={['guest']} />,
  },
});

/**
 * The catalog's default columns with each entity's restore result after its
 * name, where it is seen without scrolling. Cells wrap between words: the
 * theme breaks cell text anywhere, which splits names mid-letter once a
 * column is narrow.
 */
const catalogColumns: CatalogTableColumnsFunc = context =>
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

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="catalog" />} />
    <Route
      path="/catalog"
      element={
        <CatalogIndexPage
          initiallySelectedFilter="all"
          columns={catalogColumns}
        />
      }
    />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    {/* Kymaros: catalog-wide "Restore confidence" overview (sidebar item in components/Root/Root.tsx) */}
    <Route path="/kymaros" element={<KymarosPage />} />
    <Route path="/notifications" element={<NotificationsPage />} />
    <Route path="/settings" element={<UserSettingsPage />} />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    {/* Registers the signals API: Kymaros pages update as runs change */}
    <SignalsDisplay />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
