import type { ReactElement } from 'react';
import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { signalApiRef, type SignalApi } from '@backstage/plugin-signals-react';
import { kymarosApiRef, type KymarosApi } from '../api';
import { entityContentRouteRef } from '../routes';
import { ordersEntity } from '../__fixtures__';

type Decision = Awaited<ReturnType<PermissionApi['authorize']>>;

/** Grants or denies every permission (plugin-permission-common's enum values). */
export const fakePermissionApi = (allow: boolean): PermissionApi => ({
  authorize: async () =>
    ({ result: allow ? 'ALLOW' : 'DENY' } as unknown as Decision),
});

/** Renders an element in a test app with a mocked KymarosApi, permissions and an entity. */
export function renderWithKymaros(
  element: ReactElement,
  options: {
    api: KymarosApi;
    entity?: Entity;
    /** Whether `kymaros.restoretest.run` is granted (default: yes). */
    canRun?: boolean;
    /** Mount the "Restore" tab's route, so the card can link to it. */
    withTabRoute?: boolean;
    /** The app's signals API; absent by default, as in a host without signals. */
    signals?: SignalApi;
  },
) {
  const permissionApi = fakePermissionApi(options.canRun !== false);
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [kymarosApiRef, options.api],
        [permissionApiRef, permissionApi],
        ...(options.signals ? [[signalApiRef, options.signals] as const] : []),
      ]}
    >
      <EntityProvider entity={options.entity ?? ordersEntity}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(options.withTabRoute
          ? {
              '/catalog/default/component/orders/kymaros':
                entityContentRouteRef,
            }
          : {}),
      },
    },
  );
}
