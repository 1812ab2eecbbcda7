import { randomInt } from 'node:crypto';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const SUFFIX_LENGTH = 6;
const MAX_LABEL = 63;

/** Six random characters from [a-z0-9], from a cryptographic source. */
export function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++)
    s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** Lower-cases and replaces everything outside [a-z0-9-] so any test name fits a DNS label. */
export function toDnsLabelPart(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * `<prefix>-<testName>-<suffix>`: always a valid DNS label of at most 63
 * characters. The suffix is never cut; the test-name part (then the prefix)
 * is shortened instead, and no part ends with a dash.
 */
export function sandboxName(
  prefix: string,
  testName: string,
  suffix: string = randomSuffix(),
): string {
  if (!/^[a-z0-9]{6}$/.test(suffix))
    throw new Error(
      `sandbox suffix must be 6 characters of [a-z0-9], got "${suffix}"`,
    );
  let p = toDnsLabelPart(prefix) || 'kymaros';
  let t = toDnsLabelPart(testName);
  const budget = MAX_LABEL - SUFFIX_LENGTH - 1; // room for "<prefix>-<test>"
  if (p.length > budget) p = p.slice(0, budget).replace(/-+$/, '');
  const forTest = budget - p.length - 1;
  t = forTest > 0 ? t.slice(0, forTest).replace(/-+$/, '') : '';
  return [p, t, suffix].filter(Boolean).join('-');
}

/** Label values must be ≤ 63 characters of [A-Za-z0-9_.-], starting and ending alphanumeric. */
export function toLabelValue(value: string): string {
  const cleaned = value
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '');
  return cleaned.slice(0, MAX_LABEL).replace(/[^A-Za-z0-9]+$/, '');
}
