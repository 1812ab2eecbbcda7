import { mockKymarosApi, summaryPage } from '../../__fixtures__';
import { createSummaryCache, SUMMARY_CACHE_MS } from './summaryCache';

describe('createSummaryCache', () => {
  it('serves one read to every caller until it is older than SUMMARY_CACHE_MS', async () => {
    let now = 0;
    const cache = createSummaryCache(() => now);
    const api = mockKymarosApi({
      getSummary: jest.fn(async query => summaryPage(query)),
    });
    const [a, b] = await Promise.all([cache.get(api), cache.get(api)]);
    expect(a).toBe(b);
    expect(a.get('component:default/orders')?.result).toBe('fail');
    expect(api.getSummary).toHaveBeenCalledTimes(1);
    now = SUMMARY_CACHE_MS;
    await cache.get(api);
    expect(api.getSummary).toHaveBeenCalledTimes(2);
  });

  it('reads again after a failure', async () => {
    const cache = createSummaryCache(() => 0);
    const api = mockKymarosApi({
      getSummary: jest
        .fn()
        .mockRejectedValueOnce(new Error('backend down'))
        .mockImplementation(async query => summaryPage(query)),
    });
    await expect(cache.get(api)).rejects.toThrow('backend down');
    await expect(cache.get(api)).resolves.toBeInstanceOf(Map);
    expect(api.getSummary).toHaveBeenCalledTimes(2);
  });

  it('reads every page when there are more tests than one page holds', async () => {
    const cache = createSummaryCache(() => 0);
    const first = summaryPage();
    const api = mockKymarosApi({
      getSummary: jest
        .fn()
        .mockResolvedValueOnce({ ...first, totalItems: 501 })
        .mockResolvedValueOnce({
          ...first,
          items: [{ ...first.items[0], entityRef: 'component:default/late' }],
          totalItems: 501,
        }),
    });
    const index = await cache.get(api);
    expect(index.has('component:default/late')).toBe(true);
    expect(api.getSummary).toHaveBeenLastCalledWith({
      limit: 500,
      offset: 500,
      sort: 'worst',
    });
  });
});
