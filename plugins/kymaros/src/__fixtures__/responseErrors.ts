import { ResponseError } from '@backstage/errors';

/** The ResponseError the client throws when the backend answers `status` with `message`. */
export function backendError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const body = JSON.stringify({
    error: { name, message },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: name,
    headers: new Headers({ 'content-type': 'application/json' }),
    text: async () => body,
    json: async () => JSON.parse(body),
  } as unknown as Response);
}
