import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * An owner as a full entity ref: `spec.owner` may be written `team-data`,
 * `group:team-data` or `group:default/team-data`. Unparseable values are kept.
 */
export function ownerRef(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return owner;
  }
}
