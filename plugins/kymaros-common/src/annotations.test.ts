import { isKymarosOptedIn } from './annotations';

describe('isKymarosOptedIn', () => {
  it('opts in with enabled "true" in any letter case, or a restore-test file', () => {
    expect(isKymarosOptedIn({ 'kymaros.io/enabled': 'true' })).toBe(true);
    expect(isKymarosOptedIn({ 'kymaros.io/enabled': 'True' })).toBe(true);
    expect(
      isKymarosOptedIn({ 'kymaros.io/restore-test': 'kymaros/orders.yaml' }),
    ).toBe(true);
  });

  it('does not opt in otherwise', () => {
    expect(isKymarosOptedIn(undefined)).toBe(false);
    expect(isKymarosOptedIn({ 'kymaros.io/enabled': 'false' })).toBe(false);
    expect(isKymarosOptedIn({ 'kymaros.io/enabled': 'yes' })).toBe(false);
    expect(isKymarosOptedIn({ 'kymaros.io/restore-test': '  ' })).toBe(false);
  });
});
