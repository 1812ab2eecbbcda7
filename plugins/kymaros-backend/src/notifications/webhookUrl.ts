/**
 * Why a webhook URL cannot be sent to, in words that never repeat it (it
 * is a secret: a Slack webhook URL is its own credential); undefined when it
 * can. Only http and https are sent to.
 */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    return 'must be an http or https URL';
  return undefined;
}
