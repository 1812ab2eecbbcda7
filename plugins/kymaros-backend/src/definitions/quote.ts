const MAX_SHOWN = 80;

/**
 * A value as the user wrote it, in quotes; a very long one is cut, with its
 * length, so a message stays readable and still says what was wrong.
 */
export function quote(value: string): string {
  if (value.length <= MAX_SHOWN) return JSON.stringify(value);
  return `${JSON.stringify(`${value.slice(0, MAX_SHOWN)}…`)} (${
    value.length
  } characters)`;
}
