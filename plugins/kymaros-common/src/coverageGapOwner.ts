import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { NotOptedInItem } from './summary';

/**
 * A coverage gap's `spec.owner` as a full entity ref, read as the catalog
 * reads it: a group unless it says otherwise, in its entity's namespace. An
 * owner that is not a ref has none.
 *
 * @public
 */
export function coverageGapOwner(
  gap: Pick<NotOptedInItem, 'entityRef' | 'owner'>,
): string | undefined {
  if (!gap.owner) return undefined;
  try {
    const { namespace } = parseEntityRef(gap.entityRef);
    return stringifyEntityRef(
      parseEntityRef(gap.owner, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    );
  } catch {
    return undefined;
  }
}
