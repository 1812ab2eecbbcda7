import type { RunEvidence } from '@kymaros/plugin-kymaros-common';

/** Shorter values (`true`, a port) would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;
const REDACTED = '[redacted]';
/** Fields that name things rather than say things: never redacted, so links between them hold. */
const NAMES = new Set(['podName', 'namespace', 'sourceNamespace', 'name']);

/**
 * The strings to hide: each Secret value, trimmed too, and each line of a
 * multi-line one (a PEM key or an env file is logged line by line as often
 * as whole).
 */
export function secretNeedles(values: string[]): string[] {
  const needles = new Set<string>();
  const add = (text: string) => {
    if (text.length >= MIN_SECRET_LENGTH) needles.add(text);
  };
  for (const value of values) {
    // A value written with \`echo\` or from a file ends in a newline the app never logs.
    add(value);
    add(value.trim());
    for (const line of value.split(/\r?\n/)) add(line.trim());
    if (value.trim().length >= MIN_SECRET_LENGTH)
      for (const text of [value, value.trim()]) {
        // As Kubernetes stores it and apps print it, with or without padding.
        const encoded = Buffer.from(text).toString('base64');
        add(encoded);
        add(encoded.replace(/=+$/, ''));
      }
  }
  // Longest first, so a value containing another is hidden whole.
  return [...needles].sort((a, b) => b.length - a.length);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A value after `NAME=`: JSON-escaped quotes (a JSON log line quoting JSON), quotes, or a bare word. */
const VALUE = String.raw`\\"(?:[^"\\\n]|\\(?!"))*\\"|"[^"\n]*"|'[^'\n]*'|[^\s,;"'}\]]+`;

/**
 * `NAME=value`, `NAME: value` and `"NAME":"value"` (JSON, quoted or
 * escaped) for env vars whose value comes from a Secret: an app printing
 * its environment shows the value even when the Secret itself could not be
 * read (or was never restored).
 */
function envAssignments(names: string[]): RegExp | undefined {
  if (names.length === 0) return undefined;
  const alternatives = [...new Set(names)].map(escape).join('|');
  return new RegExp(
    String.raw`(^|[^A-Za-z0-9_])(${alternatives})(\\?["']?\s*[=:]\s*)(${VALUE})`,
    'gm',
  );
}

function redactText(
  text: string,
  needles: string[],
  env: RegExp | undefined,
): string {
  let out = text;
  for (const needle of needles)
    if (out.includes(needle)) out = out.split(needle).join(REDACTED);
  return env ? out.replace(env, `$1$2$3${REDACTED}`) : out;
}

function redactDeep(
  value: unknown,
  redact: (text: string) => string,
  key?: string,
): unknown {
  if (typeof value === 'string')
    return key && NAMES.has(key) ? value : redact(value);
  if (Array.isArray(value)) return value.map(v => redactDeep(v, redact));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact, k)]),
    );
  return value;
}

/**
 * Hides the sandboxes' Secret values, and the values of env vars that come
 * from Secrets, wherever the evidence repeats them (logs, events, pod
 * status, checks, the restore log): a restored app logging its database
 * password must not put it in a report every portal user can read.
 */
export function redactSecrets(
  evidence: RunEvidence,
  secretValues: string[],
  secretEnvNames: string[] = [],
): RunEvidence {
  const needles = secretNeedles(secretValues);
  const env = envAssignments(secretEnvNames);
  if (needles.length === 0 && !env) return evidence;
  return redactDeep(evidence, text =>
    redactText(text, needles, env),
  ) as RunEvidence;
}
