import { defaultClusterName } from './defaultCluster';

const named = (...names: string[]) => names.map(name => ({ name }));

describe('defaultClusterName', () => {
  it('is kymaros.clusters[0] first', () => {
    expect(
      defaultClusterName({
        own: named('a', 'b'),
        configLocated: named('c'),
        hasSources: true,
      }),
    ).toBe('a');
  });

  it('is the first config-located cluster without kymaros.clusters', () => {
    expect(
      defaultClusterName({
        own: [],
        configLocated: named('c', 'd'),
        hasSources: true,
      }),
    ).toBe('c');
  });

  it('is the backend’s own cluster only when nothing is configured', () => {
    expect(
      defaultClusterName({ own: [], configLocated: [], hasSources: false }),
    ).toBe('in-cluster');
    expect(
      defaultClusterName({ own: [], configLocated: [], hasSources: true }),
    ).toBeUndefined();
  });
});
