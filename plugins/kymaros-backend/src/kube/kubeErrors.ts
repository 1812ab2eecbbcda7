import { isError } from '@backstage/errors';

/** A request the write guard refused: sending it again would only be refused again. */
export function isRefusal(error: unknown): error is Error {
  return isError(error) && error.name === 'NotAllowedError';
}

export { readIfPresent } from '@kymaros/plugin-kymaros-node';
