import { excerpt, lastLines } from './text';

describe('text', () => {
  it('collapses whitespace and cuts long text', () => {
    expect(excerpt('  a\n\n b  c ')).toBe('a b c');
    expect(excerpt('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('keeps the last non-empty lines', () => {
    expect(lastLines('1\n2\n\n3\r\n4\n', 2)).toEqual(['3', '4']);
    expect(lastLines('', 3)).toEqual([]);
  });
});
