import RestoreIcon from '@material-ui/icons/SettingsBackupRestore';
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { KymarosClient, kymarosApiRef } from '../api';
import { isKymarosAvailable } from '../conditions';
import { isKymarosCoverageGap } from '../coverageRule';
import { entityContentRouteRef, rootRouteRef } from '../routes';

/** @alpha */
export const kymarosApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kymarosApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KymarosClient({ discoveryApi, fetchApi }),
    }),
});

/** The "Restore" tab of entities that opted in. @alpha */
export const kymarosEntityContent = EntityContentBlueprint.make({
  name: 'restore',
  params: {
    path: 'kymaros',
    title: 'Restore',
    filter: isKymarosAvailable,
    routeRef: convertLegacyRouteRef(entityContentRouteRef),
    loader: () =>
      import('../components/EntityKymarosContent').then(m =>
        compatWrapper(<m.EntityKymarosContent />),
      ),
  },
});

/**
 * The restore confidence card on the overview of entities that opted in: an
 * at-a-glance summary, so it sits in the info column under About.
 *
 * @alpha
 */
export const kymarosEntityCard = EntityCardBlueprint.make({
  name: 'restore-confidence',
  params: {
    type: 'info',
    filter: isKymarosAvailable,
    loader: () =>
      import('../components/EntityKymarosCard').then(m =>
        compatWrapper(<m.EntityKymarosCard />),
      ),
  },
});

/**
 * On the overview of a production component that has not opted in: that no
 * test covers it, and the annotations to add.
 *
 * @alpha
 */
export const kymarosEntityCoverageCard = EntityCardBlueprint.make({
  name: 'restore-coverage',
  params: {
    type: 'info',
    filter: isKymarosCoverageGap,
    loader: () =>
      import('../components/EntityKymarosCoverageCard').then(m =>
        compatWrapper(<m.EntityKymarosCoverageCard />),
      ),
  },
});

/**
 * The restore scorecard from Tech Insights on the overview of entities that
 * opted in. Disabled by default, as it needs the tech-insights backend; enable
 * it with `app.extensions: [entity-card:kymaros/restore-scorecard]`.
 *
 * @alpha
 */
export const kymarosScorecardCard = EntityCardBlueprint.make({
  name: 'restore-scorecard',
  disabled: true,
  params: {
    type: 'info',
    filter: isKymarosAvailable,
    loader: () =>
      import('../components/EntityKymarosScorecardCard').then(m =>
        compatWrapper(<m.EntityKymarosScorecardCard />),
      ),
  },
});

/**
 * On group pages: the restore state of the services the group owns.
 *
 * @alpha
 */
export const kymarosGroupCard = EntityCardBlueprint.make({
  name: 'group-restore-confidence',
  params: {
    filter: entity => entity.kind.toLowerCase() === 'group',
    loader: () =>
      import('../components/EntityKymarosGroupCard').then(m =>
        compatWrapper(<m.EntityKymarosGroupCard />),
      ),
  },
});

/**
 * The catalog-wide overview page and its nav item. The page draws its own
 * header (shared with the legacy app), so the app's plugin header is left out.
 *
 * @alpha
 */
export const kymarosPage = PageBlueprint.make({
  params: {
    path: '/kymaros',
    title: 'Restore confidence',
    icon: <RestoreIcon />,
    noHeader: true,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('../components/KymarosPage').then(m =>
        compatWrapper(<m.KymarosPage />),
      ),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'kymaros',
  title: 'Restore confidence',
  icon: <RestoreIcon />,
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
  }),
  extensions: [
    kymarosApi,
    kymarosEntityContent,
    kymarosEntityCard,
    kymarosEntityCoverageCard,
    kymarosGroupCard,
    kymarosScorecardCard,
    kymarosPage,
  ],
});
