import { InputError } from '@backstage/errors';
import { QUANTITY_EXPECTATION, QUANTITY_PATTERN } from '../sandbox/quantity';

const binary: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const decimal: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * The value of a Kubernetes quantity in its base unit (cores, bytes):
 * `500m` is 0.5, `1.5Gi` is 1610612736, `1e3` is 1000. The grammar is the one
 * the sandbox settings are held to (`QUANTITY_PATTERN`); the client library's
 * parser refuses decimals with a suffix (`1.5Gi`), which the API server takes.
 * `what` names the value in the error when it is not a quantity.
 */
export function parseQuantity(value: string | number, what: string): number {
  const text = String(value).trim();
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) {
    throw new InputError(
      `${what} must be ${QUANTITY_EXPECTATION}, got "${String(value)}"`,
    );
  }
  const number = Number(match[1]);
  const suffix = match[3] ?? '';
  if (/^[eE][+-]?\d+$/.test(suffix))
    return number * 10 ** Number(suffix.slice(1));
  return number * (binary[suffix] ?? decimal[suffix]);
}
