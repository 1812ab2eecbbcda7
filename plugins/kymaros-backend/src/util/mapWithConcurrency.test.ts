import { mapWithConcurrency } from './mapWithConcurrency';

describe('mapWithConcurrency', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapWithConcurrency(
      [30, 10, 20, 5, 15],
      2,
      async ms => {
        running++;
        most = Math.max(most, running);
        await new Promise(r => setTimeout(r, ms));
        running--;
        return ms * 2;
      },
    );
    expect(results).toEqual([60, 20, 40, 10, 30]);
    expect(most).toBe(2);
  });

  it('handles no items', async () => {
    await expect(mapWithConcurrency([], 3, async x => x)).resolves.toEqual([]);
  });
});
