import type { KubeObject } from '../store/types';

/** A Snapshot annotation telling the double how restores from it go wrong. */
export const RESTORE_FAULT_ANNOTATION = 'sim.kymaros.io/kubestash-restore';

export type RestoreFault =
  | { kind: 'none' }
  | { kind: 'fail'; message: string }
  | { kind: 'metrics'; message: string }
  | { kind: 'unknown' }
  | { kind: 'stuck' };

/**
 * The fault a Snapshot carries: `fail: <message>` (the component fails),
 * `metrics: <message>` (the final metrics push fails), `unknown` (the
 * component ends Unknown) or `stuck` (it never finishes).
 */
export function restoreFault(snapshot: KubeObject | undefined): RestoreFault {
  const value =
    snapshot?.metadata.annotations?.[RESTORE_FAULT_ANNOTATION]?.trim();
  if (!value) return { kind: 'none' };
  const [word, ...rest] = value.split(':');
  const message = rest.join(':').trim() || 'simulated failure';
  switch (word.trim()) {
    case 'fail':
      return { kind: 'fail', message };
    case 'metrics':
      return { kind: 'metrics', message };
    case 'unknown':
      return { kind: 'unknown' };
    case 'stuck':
      return { kind: 'stuck' };
    default:
      return { kind: 'fail', message: `unknown simulated fault "${value}"` };
  }
}
