import { InputError } from '@backstage/errors';
import {
  type ChainedEvidenceRecord,
  EVIDENCE_RECORD_FIELDS,
} from './evidenceChain';

/**
 * The export's columns: the record's fields, then its chain link.
 *
 * @public
 */
export const EVIDENCE_EXPORT_COLUMNS = [
  ...EVIDENCE_RECORD_FIELDS,
  'previousHash',
  'hash',
] as const;

/**
 * The JSON export.
 *
 * @public
 */
export interface EvidenceExport {
  format: string;
  exportedAt: string;
  records: ChainedEvidenceRecord[];
}

/** Characters a spreadsheet may read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula gets
 * a leading `'`, as do cells that start with `'` themselves, so reading the
 * file back (parseEvidenceExport) restores every value exactly.
 *
 * @public
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** @public */
export function evidenceCsvHeader(): string {
  return `${EVIDENCE_EXPORT_COLUMNS.join(',')}\r\n`;
}

/** @public */
export function evidenceCsvRow(record: ChainedEvidenceRecord): string {
  return `${EVIDENCE_EXPORT_COLUMNS.map(column =>
    csvCell(record[column] ?? ''),
  ).join(',')}\r\n`;
}

/**
 * Reads an export back, CSV or JSON (told apart by its first character), for
 * verification; throws InputError naming what is wrong and where.
 *
 * @public
 */
export function parseEvidenceExport(text: string): ChainedEvidenceRecord[] {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('['))
    return parseJsonExport(trimmed);
  return parseCsvExport(trimmed);
}

function parseJsonExport(text: string): ChainedEvidenceRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new InputError(
      `The export is not valid JSON: ${(e as Error).message}`,
    );
  }
  const records = Array.isArray(parsed)
    ? parsed
    : (parsed as { records?: unknown } | null)?.records;
  if (!Array.isArray(records))
    throw new InputError('The JSON export has no "records" list');
  return records.map((record, i) => toRecord(record, `record ${i + 1}`));
}

function toRecord(value: unknown, where: string): ChainedEvidenceRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError(`${where} is not an object`);
  const fields = value as Record<string, unknown>;
  const record: Record<string, string> = {};
  for (const column of EVIDENCE_EXPORT_COLUMNS) {
    const cell = fields[column];
    if (typeof cell !== 'string')
      throw new InputError(`${where} has no text field "${column}"`);
    record[column] = cell;
  }
  return record as unknown as ChainedEvidenceRecord;
}

function parseCsvExport(text: string): ChainedEvidenceRecord[] {
  const rows = parseCsv(text);
  const [header, ...body] = rows;
  if (!header) throw new InputError('The CSV export is empty');
  const missing = EVIDENCE_EXPORT_COLUMNS.filter(c => !header.includes(c));
  if (missing.length > 0)
    throw new InputError(
      `The CSV export's header lacks the column(s) ${missing.join(', ')}`,
    );
  return body.map((cells, i) => {
    if (cells.length !== header.length)
      throw new InputError(
        `CSV row ${i + 2} has ${cells.length} cells; the header has ${
          header.length
        }`,
      );
    const record: Record<string, string> = {};
    header.forEach((column, j) => {
      record[column] = unneutralise(cells[j]);
    });
    return toRecord(record, `CSV row ${i + 2}`);
  });
}

function unneutralise(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** RFC 4180 rows (CRLF or LF); a blank last line is not a row. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  const endRow = () => {
    row.push(cell);
    rows.push(row);
    row = [];
    cell = '';
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else cell += char;
      i++;
      continue;
    }
    if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || (char === '\r' && text[i + 1] === '\n')) {
      if (char === '\r') i++;
      endRow();
    } else cell += char;
    i++;
  }
  if (quoted)
    throw new InputError(
      `CSV row ${rows.length + 1} has a quoted cell that never ends`,
    );
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}
