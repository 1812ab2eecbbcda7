/** Parses Go-style durations (`1h30m`, `45s`, `500ms`) into milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const s = String(text ?? '').trim();
  if (s === '0') return 0;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    if (m.index !== consumed) return undefined;
    consumed += m[0].length;
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms']!;
  }
  return consumed === s.length && consumed > 0 ? total : undefined;
}

/** Formats milliseconds as Kubernetes prints durations: `8s`, `1.2s`, `4m30s`, `2h5m0s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0s';
  if (ms < 10_000) {
    const s = Math.round(ms / 100) / 10;
    return `${s}s`;
  }
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}
