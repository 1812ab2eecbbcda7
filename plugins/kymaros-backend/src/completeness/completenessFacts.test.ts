import { compareCompleteness, presenceKey } from './compareCompleteness';
import { completenessFacts } from './completenessFacts';

describe('completenessFacts', () => {
  it('lists the missing objects with their namespace and the present ones by kind and name', () => {
    const expected = [
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'cfg' },
      { apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'creds' },
    ];
    const compared = compareCompleteness(
      expected,
      new Set([presenceKey('v1', 'ConfigMap', 'sandbox-shop', 'cfg')]),
      () => 'sandbox-shop',
    );
    expect(completenessFacts(expected, compared)).toEqual({
      expected: 2,
      found: 1,
      missing: ['shop/Secret/creds'],
      present: ['ConfigMap/cfg'],
    });
  });
});
