import type { Entity } from '@backstage/catalog-model';
import { KYMAROS_ANNOTATIONS } from '@kymaros/plugin-kymaros-common';

/**
 * True when the entity opted in to restore tests: `kymaros.io/enabled: "true"`
 * or a `kymaros.io/restore-test` file.
 *
 * @public
 */
export function isKymarosAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[KYMAROS_ANNOTATIONS.enabled]?.trim().toLowerCase() === 'true' ||
    Boolean(annotations[KYMAROS_ANNOTATIONS.restoreTest]?.trim())
  );
}
