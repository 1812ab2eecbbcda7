import type { Entity } from '@backstage/catalog-model';
import { isKymarosAvailable } from './conditions';

/**
 * True for a production component (`kind: Component` with
 * `spec.lifecycle: production`, compared as the catalog compares filters:
 * case-insensitively)
 * that has not opted in: the same rule as the overview's coverage gaps, so
 * that a component listed there shows the "not covered" card on its page.
 *
 * @public
 */
export function isKymarosCoverageGap(entity: Entity): boolean {
  const lifecycle = entity.spec?.lifecycle;
  return (
    entity.kind.toLowerCase() === 'component' &&
    typeof lifecycle === 'string' &&
    lifecycle.toLowerCase() === 'production' &&
    !isKymarosAvailable(entity)
  );
}
