import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CoverageGaps, GAPS_FRESH_MS, GAPS_MAX_STALE_MS } from './CoverageGaps';

function component(name: string, lifecycle = 'production'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle, owner: 'team-a' },
  };
}

describe('CoverageGaps', () => {
  const setup = (tested: string[]) => {
    let now = 0;
    const catalog = catalogServiceMock({
      entities: [
        component('zeta'),
        component('Orders'),
        component('alpha'),
        component('trial', 'experimental'),
      ],
    });
    const streamed = jest.spyOn(catalog, 'streamEntities');
    const store = { listTestedEntityRefs: jest.fn(async () => tested) };
    const logger = mockServices.logger.mock();
    const gaps = new CoverageGaps({
      catalog,
      auth: mockServices.auth(),
      store,
      logger,
      now: () => now,
    });
    const refs = async () => (await gaps.get()).map(gap => gap.entityRef);
    return {
      refs,
      streamed,
      store,
      logger,
      advance: (ms: number) => {
        now += ms;
      },
    };
  };

  it('lists untested production components, sorted, matching tested refs case-insensitively', async () => {
    const { refs, streamed } = setup(['component:default/orders']);
    expect(await refs()).toEqual([
      'component:default/alpha',
      'component:default/zeta',
    ]);
    // The plugin's own credentials: callers filter the gaps themselves.
    expect(streamed.mock.calls[0][1]).toEqual({
      credentials: expect.objectContaining({
        principal: { type: 'service', subject: 'plugin:test' },
      }),
    });
  });

  it('reads the catalog once while fresh, and once for concurrent callers', async () => {
    const { refs, streamed, advance } = setup([]);
    await Promise.all([refs(), refs(), refs()]);
    advance(GAPS_FRESH_MS - 1);
    await refs();
    expect(streamed).toHaveBeenCalledTimes(1);
  });

  it('serves a stale list while reloading it, and waits when it is too old', async () => {
    const { refs, streamed, store, advance } = setup([]);
    await refs();
    store.listTestedEntityRefs.mockResolvedValue(['component:default/zeta']);
    advance(GAPS_FRESH_MS);
    expect(await refs()).toContain('component:default/zeta');
    await new Promise(resolve => setImmediate(resolve));
    expect(await refs()).not.toContain('component:default/zeta');
    expect(streamed).toHaveBeenCalledTimes(2);

    store.listTestedEntityRefs.mockResolvedValue([]);
    advance(GAPS_MAX_STALE_MS);
    expect(await refs()).toContain('component:default/zeta');
    expect(streamed).toHaveBeenCalledTimes(3);
  });

  it('keeps the stale list when a background reload fails', async () => {
    const { refs, store, logger, advance } = setup([]);
    await refs();
    store.listTestedEntityRefs.mockRejectedValue(new Error('database gone'));
    advance(GAPS_FRESH_MS);
    expect(await refs()).toHaveLength(3);
    await new Promise(resolve => setImmediate(resolve));
    expect(logger.warn).toHaveBeenCalledWith(
      'Reloading the coverage gaps failed: database gone',
    );
    expect(await refs()).toHaveLength(3);
  });
});
