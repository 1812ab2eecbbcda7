import type { RunEvidence } from '@kymaros/plugin-kymaros-common';

/** Shorter values (`true`, a port) would blank out ordinary words. */
const MIN_SECRET_LENGTH = 8;
const REDACTED = '[redacted]';

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
  }
  // Longest first, so a value containing another is hidden whole.
  return [...needles].sort((a, b) => b.length - a.length);
}

function redact(text: string, needles: string[]): string {
  let out = text;
  for (const needle of needles)
    if (out.includes(needle)) out = out.split(needle).join(REDACTED);
  return out;
}

/**
 * Hides the sandboxes' Secret values wherever the evidence repeats them: a
 * restored app logging its database password must not put it in a report
 * every portal user can read.
 */
export function redactSecrets(
  evidence: RunEvidence,
  secretValues: string[],
): RunEvidence {
  const needles = secretNeedles(secretValues);
  if (needles.length === 0) return evidence;
  return {
    ...evidence,
    podLogs: evidence.podLogs.map(pod => ({
      ...pod,
      containers: pod.containers.map(c => ({
        ...c,
        log: redact(c.log, needles),
      })),
    })),
    events: evidence.events.map(e => ({
      ...e,
      message: redact(e.message, needles),
    })),
  };
}
