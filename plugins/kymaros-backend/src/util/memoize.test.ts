import { memoize } from './memoize';

describe('memoize', () => {
  it('computes each key once, undefined results included', () => {
    const fn = jest.fn((key: string) =>
      key === 'none' ? undefined : key.length,
    );
    const cached = memoize(fn);
    expect([
      cached('abc'),
      cached('abc'),
      cached('none'),
      cached('none'),
    ]).toEqual([3, 3, undefined, undefined]);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('forgets everything once it holds max keys', () => {
    const fn = jest.fn((key: string) => key);
    const cached = memoize(fn, 2);
    cached('a');
    cached('b');
    cached('c');
    cached('b');
    expect(fn.mock.calls.map(([key]) => key)).toEqual(['a', 'b', 'c', 'b']);
  });
});
