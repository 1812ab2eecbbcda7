import type { Entity } from '@backstage/catalog-model';
import { isKymarosOptedIn } from '@kymaros/plugin-kymaros-common';

/**
 * True when the entity opted in to restore tests: `kymaros.io/enabled: "true"`
 * or a `kymaros.io/restore-test` file.
 *
 * @public
 */
export function isKymarosAvailable(entity: Entity): boolean {
  return isKymarosOptedIn(entity.metadata.annotations);
}
