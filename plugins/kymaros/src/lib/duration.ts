const UNIT_SECONDS: Record<string, number> = {
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 1e-3,
  us: 1e-6,
  µs: 1e-6,
  ns: 1e-9,
};

/**
 * Seconds in a Go-style duration (`11m35s`, `4h0m12s`, `1.5h`, `250ms`).
 * Returns undefined for anything else.
 */
export function parseDuration(value: string | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|d|h|m|s)/gy;
  let seconds = 0;
  let consumed = 0;
  for (let match = part.exec(text); match; match = part.exec(text)) {
    seconds += Number(match[1]) * UNIT_SECONDS[match[2]];
    consumed = part.lastIndex;
  }
  return consumed === text.length ? seconds : undefined;
}

/** A short human duration: `45s`, `11m 35s`, `4h 12m`, `2d 3h`. */
export function formatSeconds(total: number): string {
  if (!Number.isFinite(total) || total < 0) return '—';
  if (total < 1) return total === 0 ? '0s' : `${Math.round(total * 1000)}ms`;
  const s = Math.round(total);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  let pairs: [number, string][] = [[seconds, 's']];
  if (days) {
    pairs = [
      [days, 'd'],
      [hours, 'h'],
    ];
  } else if (hours) {
    pairs = [
      [hours, 'h'],
      [minutes, 'm'],
    ];
  } else if (minutes) {
    pairs = [
      [minutes, 'm'],
      [seconds, 's'],
    ];
  }
  return pairs
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

/** Re-formats a Go-style duration for reading; unknown formats are shown as given. */
export function formatDuration(value: string | undefined): string {
  if (!value) return '—';
  const seconds = parseDuration(value);
  return seconds === undefined ? value : formatSeconds(seconds);
}
