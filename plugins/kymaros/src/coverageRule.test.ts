import type { Entity } from '@backstage/catalog-model';
import { isKymarosCoverageGap } from './coverageRule';

const entity = (
  kind: string,
  lifecycle: string | undefined,
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'billing-worker', annotations },
  spec: { type: 'service', owner: 'team-payments', lifecycle },
});

describe('isKymarosCoverageGap', () => {
  it('is true for a production component that has not opted in', () => {
    expect(isKymarosCoverageGap(entity('Component', 'production'))).toBe(true);
    expect(isKymarosCoverageGap(entity('component', 'Production'))).toBe(true);
    expect(
      isKymarosCoverageGap(
        entity('Component', 'production', { 'kymaros.io/enabled': 'false' }),
      ),
    ).toBe(true);
  });

  it('is false once opted in, outside production, or for other kinds', () => {
    expect(
      isKymarosCoverageGap(
        entity('Component', 'production', { 'kymaros.io/enabled': 'true' }),
      ),
    ).toBe(false);
    expect(isKymarosCoverageGap(entity('Component', 'experimental'))).toBe(
      false,
    );
    expect(isKymarosCoverageGap(entity('Component', undefined))).toBe(false);
    expect(isKymarosCoverageGap(entity('Resource', 'production'))).toBe(false);
  });
});
