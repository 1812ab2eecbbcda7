import type { Entity } from '@backstage/catalog-model';

export const ordersEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    description: 'Order management service with a MySQL database.',
    annotations: {
      'backstage.io/kubernetes-namespace': 'orders',
      'kymaros.io/enabled': 'true',
      'kymaros.io/namespaces': 'orders',
      'kymaros.io/restore-test': './kymaros/orders.yaml',
      'kymaros.io/max-rto': '15m',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-orders',
  },
};

export const notOptedInEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing-worker',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-namespace': 'billing' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-payments',
  },
};
