import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { parseEntityRefParam } from '../router/parseQuery';

export type EvidenceFormat = 'csv' | 'json';

export interface EvidenceExportQuery {
  from?: Date;
  to?: Date;
  entityRef?: string;
  owner?: string;
  format: EvidenceFormat;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const dateTime = z.string().datetime({ offset: true });
const dateOnly = z.string().date();

/**
 * `from` and `to` bound when reports were stored, both included: an RFC 3339
 * time, or a day (UTC), which for `to` means through its end.
 */
function parseBound(name: 'from' | 'to', value: unknown): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string')
    throw new InputError(`${name} must be given once`);
  if (dateTime.safeParse(value).success) return new Date(value);
  if (dateOnly.safeParse(value).success) {
    const day = new Date(`${value}T00:00:00Z`);
    return name === 'to' ? new Date(day.getTime() + DAY_MS - 1) : day;
  }
  throw new InputError(
    `${name} "${value}" is not a date: use an RFC 3339 time (2026-12-01T00:00:00Z) or a day (2026-12-01)`,
  );
}

const formatSchema = z.enum(['csv', 'json']);

function parseFormat(value: unknown): EvidenceFormat {
  if (value === undefined || value === '') return 'csv';
  const parsed = formatSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new InputError(
    `format ${JSON.stringify(value)} is not supported: use csv or json`,
  );
}

function parseOwner(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    return parseEntityRefParam(value);
  } catch (e) {
    throw new InputError(
      `owner ${JSON.stringify(
        value,
      )} is not an entity ref such as group:default/team-a`,
    );
  }
}

/** The export's query string; InputError naming the value that is wrong. */
export function parseEvidenceQuery(
  query: Record<string, unknown>,
): EvidenceExportQuery {
  const from = parseBound('from', query.from);
  const to = parseBound('to', query.to);
  if (from && to && from > to)
    throw new InputError(`from "${query.from}" is after to "${query.to}"`);
  return {
    from,
    to,
    entityRef: parseEntityRefParam(query.entityRef),
    owner: parseOwner(query.owner),
    format: parseFormat(query.format),
  };
}
