import { InputError } from '@backstage/errors';

const special = /[.*+?^${}()|[\]\\/]/g;

/** Reads a `[...]` class starting after its `[`; returns its regex text and where it ends. */
function characterClass(
  pattern: string,
  start: number,
): { text: string; end: number } {
  const close = pattern.indexOf(']', start);
  if (close < 0)
    throw new InputError(`unexpected end of input in glob "${pattern}"`);
  let body = pattern.slice(start, close);
  const negated = body.startsWith('!');
  if (negated) body = body.slice(1);
  const escaped = body.replace(/[\]\\^]/g, '\\$&');
  return { text: `[${negated ? '^' : ''}${escaped}]`, end: close };
}

/**
 * A glob as `github.com/gobwas/glob` compiles it, which Velero uses for
 * namespaces (no separators) and for the `groupResource` condition of
 * resource modifiers (separator `.`): `*` matches within one segment, `**`
 * across segments, `?` one character of a segment, `[a-z]` / `[!a-z]`
 * classes, `{a,b}` alternatives and `\` escapes.
 */
export function compileGlob(pattern: string, separators = ''): RegExp {
  const notSeparator = separators
    ? `[^${separators.replace(/[\]\\^-]/g, '\\$&')}]`
    : '[\\s\\S]';
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 >= pattern.length)
        throw new InputError(`unexpected end of input in glob "${pattern}"`);
      out += pattern[++i].replace(special, '\\$&');
    } else if (c === '*') {
      const any = pattern[i + 1] === '*';
      if (any) i++;
      out += any ? '[\\s\\S]*' : `${notSeparator}*`;
    } else if (c === '?') out += notSeparator;
    else if (c === '[') {
      const cls = characterClass(pattern, i + 1);
      out += cls.text;
      i = cls.end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(special, '\\$&');
  }
  if (braces > 0)
    throw new InputError(`unexpected end of input in glob "${pattern}"`);
  return new RegExp(`^${out}$`);
}
