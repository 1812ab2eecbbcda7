import { createHash } from 'node:crypto';

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** Short, name-safe hash in the style of `pod-template-hash`. */
export function shortHash(value: unknown, length = 10): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[digest[i] % alphabet.length];
  return out;
}
