import { InputError } from '@backstage/errors';
import { parseSingleParam, quoteParam } from './parseQuery';

/** How `GET /reports/:name` answers: JSON (the default) or YAML. */
export type ReportFormat = 'json' | 'yaml';

/** The `format` query parameter of `GET /reports/:name`. */
export function parseReportFormat(value: unknown): ReportFormat {
  const text = parseSingleParam('format', value);
  if (text === undefined || text === 'json') return 'json';
  if (text === 'yaml') return 'yaml';
  throw new InputError(`format must be json or yaml, got ${quoteParam(text)}`);
}
