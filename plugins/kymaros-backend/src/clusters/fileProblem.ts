/** The structural checks client-node makes of a kubeconfig: they name keys, never values. */
const structural = /^(clusters|users|contexts)\[\d+\][\w.]* is missing$/;

/**
 * Why a file (a kubeconfig, CA or token file) could not be read or parsed,
 * without any of its text: YAML parsers quote the offending lines, and these
 * files hold credentials.
 */
export function fileProblem(error: unknown): string {
  const { code, mark, message } = (error ?? {}) as {
    code?: unknown;
    mark?: { line?: number; column?: number };
    message?: unknown;
  };
  if (typeof code === 'string') return code;
  if (mark && typeof mark.line === 'number')
    return `not valid YAML at line ${mark.line + 1}, column ${
      (mark.column ?? 0) + 1
    }`;
  if (typeof message === 'string' && structural.test(message)) return message;
  return 'not a valid kubeconfig';
}
