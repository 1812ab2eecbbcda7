import { waitBudgetMs } from './waitBudget';

describe('waitBudgetMs', () => {
  it('keeps a margin of 10%, at least 100 ms and at most 1 s', () => {
    expect(waitBudgetMs(30_000)).toBe(29_000);
    expect(waitBudgetMs(5000)).toBe(4500);
    expect(waitBudgetMs(500)).toBe(400);
    expect(waitBudgetMs(50)).toBe(0);
  });
});
