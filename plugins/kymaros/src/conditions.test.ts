import type { Entity } from '@backstage/catalog-model';
import { isKymarosAvailable } from './conditions';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', annotations },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
});

describe('isKymarosAvailable', () => {
  it('is true with kymaros.io/enabled "true"', () => {
    expect(isKymarosAvailable(entity({ 'kymaros.io/enabled': 'true' }))).toBe(
      true,
    );
  });

  it('is true with a kymaros.io/restore-test file', () => {
    expect(
      isKymarosAvailable(
        entity({ 'kymaros.io/restore-test': './kymaros.yaml' }),
      ),
    ).toBe(true);
  });

  it('is false without annotations, or when disabled', () => {
    expect(isKymarosAvailable(entity())).toBe(false);
    expect(isKymarosAvailable(entity({ 'kymaros.io/enabled': 'false' }))).toBe(
      false,
    );
    expect(
      isKymarosAvailable(
        entity({ 'backstage.io/kubernetes-namespace': 'orders' }),
      ),
    ).toBe(false);
  });
});
