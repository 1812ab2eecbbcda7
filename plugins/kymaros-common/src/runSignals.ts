/**
 * The Backstage signals channel on which the Kymaros backend announces that
 * a restore run started, moved to its next step or finished.
 *
 * @public
 */
export const KYMAROS_RUNS_CHANNEL = 'kymaros:runs';

/**
 * What a run announces on {@link KYMAROS_RUNS_CHANNEL}. Signals are
 * broadcast to every signed-in user, so the message names no test, entity,
 * step or result: a page that receives one reloads what it shows through the
 * API, which checks the reader's permissions.
 *
 * @public
 */
export type RunSignal = {
  event: 'started' | 'step' | 'finished';
};
