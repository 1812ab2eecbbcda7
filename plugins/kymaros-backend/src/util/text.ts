/** One line of at most `max` characters: report messages must stay readable in a table cell. */
export function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The last `count` non-empty lines of a log. */
export function lastLines(text: string, count: number): string[] {
  return text
    .split(/\r?\n/)
    .filter(l => l.trim() !== '')
    .slice(-count);
}
