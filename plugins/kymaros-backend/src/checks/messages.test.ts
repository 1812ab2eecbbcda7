import { ApiException } from '@kubernetes/client-node';
import { apiErrorCode, describeError, excerpt, lastLines } from './messages';

describe('messages', () => {
  it('collapses whitespace and cuts long text', () => {
    expect(excerpt('  a\n\n b  c ')).toBe('a b c');
    expect(excerpt('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('keeps the last non-empty lines', () => {
    expect(lastLines('1\n2\n\n3\r\n4\n', 2)).toEqual(['3', '4']);
    expect(lastLines('', 3)).toEqual([]);
  });

  it('reads the Status message out of an ApiException', () => {
    const e = new ApiException(
      404,
      'Not found',
      JSON.stringify({ kind: 'Status', message: 'services "web" not found' }),
      {},
    );
    expect(apiErrorCode(e)).toBe(404);
    expect(describeError(e)).toBe('HTTP 404: services "web" not found');
  });

  it('describes plain errors and error-like objects', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError({ message: 'Unexpected server response: 403' })).toBe(
      'Unexpected server response: 403',
    );
    expect(describeError('weird')).toBe('weird');
    expect(apiErrorCode(new Error('x'))).toBeUndefined();
  });
});
