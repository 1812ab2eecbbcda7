import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { KymarosClient, kymarosApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/**
 * Kymaros for Backstage: restore confidence of every service.
 *
 * @public
 */
export const kymarosPlugin = createPlugin({
  id: 'kymaros',
  apis: [
    createApiFactory({
      api: kymarosApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KymarosClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
  },
});

/**
 * The "Restore" tab: `<EntityLayout.Route path="/kymaros" title="Restore" if={isKymarosAvailable}>`.
 *
 * @public
 */
export const EntityKymarosContent = kymarosPlugin.provide(
  createRoutableExtension({
    name: 'EntityKymarosContent',
    mountPoint: entityContentRouteRef,
    component: () =>
      import('./components/EntityKymarosContent').then(
        m => m.EntityKymarosContent,
      ),
  }),
);

/**
 * The overview card: score, result, RTO, backup age, last run.
 *
 * @public
 */
export const EntityKymarosCard = kymarosPlugin.provide(
  createComponentExtension({
    name: 'EntityKymarosCard',
    component: {
      lazy: () =>
        import('./components/EntityKymarosCard').then(m => m.EntityKymarosCard),
    },
  }),
);

/**
 * The catalog-wide overview page: `<Route path="/kymaros" element={<KymarosPage />} />`.
 *
 * @public
 */
export const KymarosPage = kymarosPlugin.provide(
  createRoutableExtension({
    name: 'KymarosPage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/KymarosPage').then(m => m.KymarosPage),
  }),
);
