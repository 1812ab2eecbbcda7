import type { OwnedObject } from '../store/KymarosStore';

/** How far an object's creation time may precede its record (clock skew, second-granular timestamps). */
export const CREATION_TOLERANCE_MS = 5_000;

/**
 * Whether a live object is the one a record describes: the same uid, or —
 * when the process died between the create and recording its uid — an object
 * created after the record was written. A namespace deleted and re-created by
 * someone else under the same name never matches a completed record.
 */
export function matchesRecord(
  record: Pick<OwnedObject, 'uid' | 'createdAt'>,
  live: { uid: string; createdAt?: string },
): boolean {
  if (record.uid) return live.uid === record.uid;
  if (!live.createdAt) return false;
  return (
    Date.parse(live.createdAt) >=
    Date.parse(record.createdAt) - CREATION_TOLERANCE_MS
  );
}
