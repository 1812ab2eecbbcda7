import type { Entity } from '@backstage/catalog-model';

/** A component opted in by annotations only: its test is `component:default/shop:shop`. */
export const shop: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: {
      'kymaros.io/enabled': 'true',
      'kymaros.io/namespaces': 'shop',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

export const SHOP_TEST_ID = 'component:default/shop:shop';
