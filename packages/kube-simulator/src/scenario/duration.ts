/** Parses Go-style durations (`1h30m`, `2s`, `500ms`) into milliseconds. */
export function parseDuration(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    if (m.index !== consumed) break;
    consumed += m[0].length;
    const n = Number(m[1]);
    total +=
      n *
      { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms']!;
  }
  if (consumed !== s.length || consumed === 0)
    throw new Error(`invalid duration "${text}" (use e.g. 500ms, 30s, 5m, 2h)`);
  return total;
}
