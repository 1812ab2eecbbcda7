import { InputError } from '@backstage/errors';
import type { BackupCoverageStatus } from '@kymaros/plugin-kymaros-common';
import { excerpt } from '../util/text';
import { COVERAGE_STATUS_ORDER } from './coverageStatus';

/** `?status=no-schedule,failing`: the statuses to keep, or undefined for all. */
export function parseStatusParam(
  value: unknown,
): Set<BackupCoverageStatus> | undefined {
  if (value === undefined) return undefined;
  const given = Array.isArray(value) ? value : [value];
  if (given.some(v => typeof v !== 'string'))
    throw new InputError('status must be a comma-separated list of statuses');
  const words = (given as string[])
    .flatMap(v => v.split(','))
    .map(w => w.trim())
    .filter(Boolean);
  const known = COVERAGE_STATUS_ORDER as readonly string[];
  const bad = words.filter(w => !known.includes(w));
  if (bad.length)
    throw new InputError(
      `Unknown backup coverage status ${bad
        .map(b => `"${b}"`)
        .join(', ')}; expected one or more of ${known.join(', ')}`,
    );
  if (words.length === 0)
    throw new InputError(
      `status is empty; expected one or more of ${known.join(', ')}`,
    );
  return new Set(words as BackupCoverageStatus[]);
}

/** `{ "testId": "<id>" }`, the body of an on-demand backup request (as text, so a bad one can be quoted). */
export function parseBackupRequest(text: unknown): { testId: string } {
  const raw = typeof text === 'string' ? text : '';
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new InputError(
      `Expected a JSON body {"testId": "<restore test id>"}; got ${
        raw.trim() ? `"${excerpt(raw, 200)}", which is not JSON` : 'nothing'
      }`,
    );
  }
  const testId = (body as { testId?: unknown } | null)?.testId;
  if (
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body) ||
    typeof testId !== 'string' ||
    testId.trim() === ''
  ) {
    const sent = excerpt(JSON.stringify(body), 200);
    throw new InputError(
      `Expected a JSON body {"testId": "<restore test id>"}; got ${sent}`,
    );
  }
  return { testId };
}
