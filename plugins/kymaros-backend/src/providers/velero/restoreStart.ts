/**
 * When a Velero restore really started. Velero's `startTimestamp` has whole
 * seconds, so the true start lies in [startTimestamp, startTimestamp + 1 s);
 * the moment the engine first saw the restore in progress (a watch event, a
 * few milliseconds after Velero's update) lies in that second too when it was
 * seen promptly, and is then the closer figure. Seen outside that second (seen
 * late, or another clock), the middle of the second bounds the error to 0.5 s.
 */
export function restoreStart(
  startTimestamp: string | undefined,
  seenInProgressAt: number | undefined,
): string | undefined {
  const second = startTimestamp ? Date.parse(startTimestamp) : NaN;
  if (Number.isNaN(second))
    return seenInProgressAt === undefined
      ? startTimestamp
      : new Date(seenInProgressAt).toISOString();
  const seen = seenInProgressAt ?? -Infinity;
  const start = seen >= second && seen < second + 1000 ? seen : second + 500;
  return new Date(start).toISOString();
}
