import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  authorizedEntityRefs,
  type EntityPermission,
} from './authorizedEntityRefs';

/** On which entities the caller holds a permission. */
export type ReadScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'some'; readable(refs: Iterable<string>): Promise<Set<string>> };

/**
 * One policy query tells, for each of `wanted`, whether the caller holds it
 * on every entity (or on none). Only a conditional decision (e.g. owners
 * only) needs the entities themselves, checked in batches
 * (authorizedEntityRefs).
 */
export async function readScopes(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  wanted: EntityPermission[],
): Promise<ReadScope[]> {
  const decisions = await permissions.authorizeConditional(
    wanted.map(permission => ({ permission })),
    { credentials },
  );
  return wanted.map((permission, i): ReadScope => {
    const result = decisions[i]?.result;
    if (result === AuthorizeResult.ALLOW) return { kind: 'all' };
    if (result === AuthorizeResult.DENY) return { kind: 'none' };
    return {
      kind: 'some',
      readable: refs =>
        authorizedEntityRefs(permissions, permission, refs, credentials),
    };
  });
}

/** The items whose entity every scope lets through, checking each scope only on what the previous ones kept. */
export async function withinScopes<T extends { entityRef: string }>(
  items: T[],
  scopes: ReadScope[],
): Promise<T[]> {
  if (scopes.some(scope => scope.kind === 'none')) return [];
  let kept = items;
  for (const scope of scopes) {
    if (scope.kind !== 'some') continue;
    const readable = await scope.readable(kept.map(item => item.entityRef));
    kept = kept.filter(item => readable.has(item.entityRef));
  }
  return kept;
}
