import { describeError } from './describeError';

describe('describeError', () => {
  it('reads the message of an Error and stringifies anything else', () => {
    expect(describeError(new TypeError('bad patch'))).toBe('bad patch');
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(42)).toBe('42');
  });
});
