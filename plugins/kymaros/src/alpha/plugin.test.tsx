import { screen } from '@testing-library/react';
import {
  ApiBlueprint,
  coreExtensionData,
  type DiscoveryApi,
  type FetchApi,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import plugin, {
  kymarosApi,
  kymarosEntityCard,
  kymarosEntityContent,
  kymarosEntityCoverageCard,
  kymarosGroupCard,
  kymarosPage,
  kymarosScorecardCard,
} from '../alpha';
import { KymarosClient, kymarosApiRef } from '../api';
import {
  failingReport,
  mockKymarosApi,
  notOptedInEntity,
  ordersEntity,
  ordersTest,
  summary,
} from '../__fixtures__';
import { entityContentRouteRef, rootRouteRef } from '../routes';

// The page renders material-table tables: slow on a busy CI machine.
jest.setTimeout(20_000);

describe('kymaros alpha plugin', () => {
  it('is the kymaros plugin with its api, tab, card and page', () => {
    expect(plugin.pluginId).toBe('kymaros');
    // The app finds each extension under the ID its kind and name give it.
    for (const [id, kind, name] of [
      ['api:kymaros', 'api', undefined],
      ['entity-content:kymaros/restore', 'entity-content', 'restore'],
      [
        'entity-card:kymaros/restore-confidence',
        'entity-card',
        'restore-confidence',
      ],
      [
        'entity-card:kymaros/restore-coverage',
        'entity-card',
        'restore-coverage',
      ],
      [
        'entity-card:kymaros/group-restore-confidence',
        'entity-card',
        'group-restore-confidence',
      ],
      ['page:kymaros', 'page', undefined],
    ] as const) {
      expect(plugin.getExtension(id)).toMatchObject({ kind, name });
    }
    expect(plugin.routes.root).toBe(rootRouteRef);
    expect(plugin.routes.entityContent).toBe(entityContentRouteRef);
  });

  it('provides the Kymaros client built on discovery and fetch', () => {
    const factory = createExtensionTester(kymarosApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe(kymarosApiRef.id);
    const client = factory.factory({
      discoveryApi: { getBaseUrl: jest.fn() } as DiscoveryApi,
      fetchApi: { fetch: jest.fn() } as FetchApi,
    });
    expect(client).toBeInstanceOf(KymarosClient);
  });

  describe('the Restore tab', () => {
    const tester = () => createExtensionTester(kymarosEntityContent);

    it('is mounted at kymaros under the entity, with its route ref', () => {
      expect(tester().get(coreExtensionData.routePath)).toBe('kymaros');
      expect(tester().get(EntityContentBlueprint.dataRefs.title)).toBe(
        'Restore',
      );
      expect(tester().get(coreExtensionData.routeRef)).toBe(
        entityContentRouteRef,
      );
    });

    it('is shown only on entities that opted in', () => {
      const filter = tester().get(
        EntityContentBlueprint.dataRefs.filterFunction,
      );
      expect(filter?.(ordersEntity)).toBe(true);
      expect(filter?.(notOptedInEntity)).toBe(false);
    });
  });

  describe('the overview card', () => {
    it('sits in the info column, only on entities that opted in', () => {
      const tester = createExtensionTester(kymarosEntityCard);
      expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
      expect(filter?.(ordersEntity)).toBe(true);
      expect(filter?.(notOptedInEntity)).toBe(false);
    });

    it('renders the entity’s score with a link to its Restore tab', async () => {
      const api = mockKymarosApi({
        getTests: jest.fn().mockResolvedValue([ordersTest]),
        getReport: jest.fn().mockResolvedValue(failingReport),
      });
      const tester = createExtensionTester(kymarosEntityCard);
      await renderInTestApp(
        <EntityProvider entity={ordersEntity}>
          {tester.reactElement()}
        </EntityProvider>,
        {
          apis: [[kymarosApiRef, api]],
          mountedRoutes: {
            '/catalog/default/component/orders/kymaros': entityContentRouteRef,
          },
        },
      );
      expect(
        await screen.findByRole('img', {
          name: 'Restore confidence score 58 out of 100',
        }),
      ).toBeInTheDocument();
      expect(api.getTests).toHaveBeenCalledWith({
        entityRef: 'component:default/orders',
        reports: 1,
      });
      expect(
        screen.getByRole('link', { name: /View restore details/ }),
      ).toHaveAttribute('href', '/catalog/default/component/orders/kymaros');
    });
  });

  describe('the coverage card', () => {
    it('is shown only on production components that have not opted in', () => {
      const tester = createExtensionTester(kymarosEntityCoverageCard);
      expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
      expect(filter?.(notOptedInEntity)).toBe(true);
      expect(filter?.(ordersEntity)).toBe(false);
    });

    it('renders the annotation to add', async () => {
      const tester = createExtensionTester(kymarosEntityCoverageCard);
      await renderInTestApp(
        <EntityProvider entity={notOptedInEntity}>
          {tester.reactElement()}
        </EntityProvider>,
        { apis: [[kymarosApiRef, mockKymarosApi()]] },
      );
      expect(
        await screen.findByText('No restore test covers billing-worker'),
      ).toBeInTheDocument();
    });
  });

  describe('the group card', () => {
    it('is shown on groups only', () => {
      const tester = createExtensionTester(kymarosGroupCard);
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
      const group = {
        ...ordersEntity,
        kind: 'Group',
        metadata: { name: 'team-orders' },
        spec: { type: 'team', children: [] },
      };
      expect(filter?.(group)).toBe(true);
      expect(filter?.(ordersEntity)).toBe(false);
    });
  });

  describe('the scorecard card', () => {
    it('is off until the app enables it, then sits in the info column of entities that opted in', () => {
      expect(
        plugin.getExtension('entity-card:kymaros/restore-scorecard'),
      ).toMatchObject({ kind: 'entity-card', disabled: true });
      const tester = createExtensionTester(kymarosScorecardCard);
      expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
      const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
      expect(filter?.(ordersEntity)).toBe(true);
      expect(filter?.(notOptedInEntity)).toBe(false);
    });
  });

  describe('the overview page', () => {
    it('is mounted at /kymaros with the title and icon of its nav item', () => {
      const tester = createExtensionTester(kymarosPage);
      expect(tester.get(coreExtensionData.routePath)).toBe('/kymaros');
      expect(tester.get(coreExtensionData.routeRef)).toBe(rootRouteRef);
      expect(tester.get(coreExtensionData.title)).toBe('Restore confidence');
      expect(tester.get(coreExtensionData.icon)).toBeDefined();
    });

    it('lists the tested services under its own header only', async () => {
      const api = mockKymarosApi({
        getSummary: jest.fn().mockResolvedValue(summary),
      });
      const tester = createExtensionTester(kymarosPage);
      await renderInTestApp(tester.reactElement(), {
        apis: [[kymarosApiRef, api]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      });
      expect(
        await screen.findByText('Restore tests, worst first'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'payments-api' }),
      ).toHaveAttribute('href', '/catalog/default/component/payments-api');
      // The page's header carries the title; the app's plugin header would repeat it.
      expect(
        screen.getAllByRole('heading', { name: 'Restore confidence' }),
      ).toHaveLength(1);
    });
  });
});
