import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Kymaros-Signature';
export const TIMESTAMP_HEADER = 'X-Kymaros-Timestamp';

/**
 * `X-Kymaros-Timestamp: <unix seconds>` and
 * `X-Kymaros-Signature: sha256=<hex>`, the HMAC-SHA256 with `key` of
 * `<timestamp>.<raw body>`: the timestamp is signed with the body, so a
 * receiver that refuses old timestamps refuses replays.
 */
export function signatureHeaders(
  body: string,
  key: string,
  at: Date,
): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const digest = createHmac('sha256', key)
    .update(`${timestamp}.${body}`)
    .digest('hex');
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `sha256=${digest}`,
  };
}
