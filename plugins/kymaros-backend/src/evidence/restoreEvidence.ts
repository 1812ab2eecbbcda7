import type { RestoreEvidence } from '@kymaros/plugin-kymaros-common';
import type { RestoreLog } from '@kymaros/plugin-kymaros-node';
import { describeError } from '../util/errors';

/** The tail of the provider's restore log kept per run. */
export const MAX_RESTORE_LOG_BYTES = 64 * 1024;
/** Warnings, and errors, kept per run; the first ones. */
export const MAX_RESTORE_MESSAGES = 100;

/** The last `max` bytes of `text`, from the start of a whole line. */
function tail(text: string, max: number): string {
  const cut = Buffer.from(text).subarray(-max).toString('utf8');
  return cut.slice(cut.indexOf('\n') + 1);
}

function firstMessages(
  messages: string[],
  what: string,
  omitted: string[],
): string[] {
  if (messages.length > MAX_RESTORE_MESSAGES)
    omitted.push(
      `${
        messages.length - MAX_RESTORE_MESSAGES
      } restore ${what} left out (${MAX_RESTORE_MESSAGES} kept)`,
    );
  return messages.slice(0, MAX_RESTORE_MESSAGES);
}

/**
 * The provider's restore log within bounds: its tail (where a failure is)
 * up to 64 KiB, the first 100 warnings and errors (their messages are cut once
 * redacted). What
 * was cut is said in `omitted`.
 */
export function boundRestoreLog(
  source: { provider: string; restoreName: string },
  restoreLog: RestoreLog,
  omitted: string[],
): RestoreEvidence {
  const { log } = restoreLog;
  const cut =
    log !== undefined && Buffer.byteLength(log) > MAX_RESTORE_LOG_BYTES;
  if (cut)
    omitted.push(
      `the restore log cut to its last ${MAX_RESTORE_LOG_BYTES / 1024} KiB`,
    );
  return {
    ...source,
    ...(log !== undefined
      ? { log: cut ? tail(log, MAX_RESTORE_LOG_BYTES) : log }
      : {}),
    ...(cut ? { logTruncated: true } : {}),
    warnings: firstMessages(restoreLog.warnings, 'warnings', omitted),
    errors: firstMessages(restoreLog.errors, 'errors', omitted),
  };
}

/** The restore's evidence when the provider's account could not be read. */
export function unavailableRestoreLog(
  source: { provider: string; restoreName: string },
  why: unknown,
): RestoreEvidence {
  return {
    ...source,
    warnings: [],
    errors: [],
    unavailable:
      typeof why === 'string'
        ? why
        : `could not be read: ${describeError(why)}`,
  };
}
