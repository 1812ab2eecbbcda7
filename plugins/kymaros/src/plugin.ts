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
 * The "not covered" card for the overview of a production component that has
 * not opted in, with the annotations to add; renders nothing elsewhere. Place
 * it under `<EntitySwitch.Case if={isKymarosCoverageGap}>`.
 *
 * @public
 */
export const EntityKymarosCoverageCard = kymarosPlugin.provide(
  createComponentExtension({
    name: 'EntityKymarosCoverageCard',
    component: {
      lazy: () =>
        import('./components/EntityKymarosCoverageCard').then(
          m => m.EntityKymarosCoverageCard,
        ),
    },
  }),
);

/**
 * The restore scorecard: each Tech Insights check on the Kymaros facts
 * (score, tested within 7 days, RTO within target), pass or fail. Needs the
 * tech-insights backend with `@kymaros/plugin-kymaros-backend-module-tech-insights`;
 * says so when it is missing. Place it under `<EntitySwitch.Case if={isKymarosAvailable}>`.
 *
 * @public
 */
export const EntityKymarosScorecardCard = kymarosPlugin.provide(
  createComponentExtension({
    name: 'EntityKymarosScorecardCard',
    component: {
      lazy: () =>
        import('./components/EntityKymarosScorecardCard').then(
          m => m.EntityKymarosScorecardCard,
        ),
    },
  }),
);

/**
 * The team card for group pages: the restore state of the services the group
 * owns (tested, passing, failing, not covered) and those that need attention.
 *
 * @public
 */
export const EntityKymarosGroupCard = kymarosPlugin.provide(
  createComponentExtension({
    name: 'EntityKymarosGroupCard',
    component: {
      lazy: () =>
        import('./components/EntityKymarosGroupCard').then(
          m => m.EntityKymarosGroupCard,
        ),
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
