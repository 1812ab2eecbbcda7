import { andMore, capList } from './capList';

describe('capList', () => {
  const more = (n: number) => andMore(n);

  it('keeps a short list as it is', () => {
    expect(capList(['a', 'b'], 2, more)).toEqual(['a', 'b']);
  });

  it('ends a long list with how many were left out', () => {
    const list = Array.from({ length: 5000 }, (_, i) => `o${i}`);
    const capped = capList(list, 3, more);
    expect(capped).toEqual(['o0', 'o1', 'o2', '… and 4,997 more']);
  });
});
