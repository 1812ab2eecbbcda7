import { coverageGapOwner } from './coverageGapOwner';

describe('coverageGapOwner', () => {
  it('reads a short owner as a group in its entity namespace', () => {
    expect(
      coverageGapOwner({ entityRef: 'component:shop/cart', owner: 'team-a' }),
    ).toBe('group:shop/team-a');
  });

  it('keeps an owner that names its kind and namespace', () => {
    expect(
      coverageGapOwner({
        entityRef: 'component:shop/cart',
        owner: 'user:default/jane',
      }),
    ).toBe('user:default/jane');
  });

  it('has no owner when none is written or it is not a ref', () => {
    expect(coverageGapOwner({ entityRef: 'component:shop/cart' })).toBe(
      undefined,
    );
    expect(
      coverageGapOwner({ entityRef: 'component:shop/cart', owner: 'team/' }),
    ).toBe(undefined);
  });
});
