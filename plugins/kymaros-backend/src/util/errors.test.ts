import { ApiException } from '@kubernetes/client-node';
import { apiErrorCode, describeError } from './errors';

describe('errors', () => {
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
