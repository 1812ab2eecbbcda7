import {
  type ChainedEvidenceRecord,
  EVIDENCE_RECORD_FIELDS,
} from './evidenceChain';
import {
  csvCell,
  EVIDENCE_EXPORT_COLUMNS,
  evidenceCsvHeader,
  evidenceCsvRow,
  parseEvidenceExport,
} from './evidenceExport';

function record(overrides: Partial<ChainedEvidenceRecord> = {}) {
  const fields = Object.fromEntries(
    [...EVIDENCE_RECORD_FIELDS, 'previousHash', 'hash'].map(f => [f, 'x']),
  ) as unknown as ChainedEvidenceRecord;
  return { ...fields, ...overrides };
}

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ["'quoted", "''quoted"],
    ['', ''],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('parseEvidenceExport', () => {
  it('reads back every value a CSV export wrote, hostile ones included', () => {
    const hostile = record({
      owner: '=cmd|" /C calc"!A0',
      levels: 'a, b;\n"c"',
      triggeredBy: "'-x",
      report: '@r',
      backupAge: '',
    });
    const csv =
      evidenceCsvHeader() + evidenceCsvRow(hostile) + evidenceCsvRow(record());
    expect(parseEvidenceExport(csv)).toEqual([hostile, record()]);
  });

  it('reads the columns by name, in any order, with LF line ends', () => {
    const columns = [...EVIDENCE_EXPORT_COLUMNS].reverse();
    const csv = `${columns.join(',')}\n${columns.map(() => 'v').join(',')}\n`;
    expect(parseEvidenceExport(csv)[0].hash).toBe('v');
  });

  it('reads a JSON export and a bare JSON list', () => {
    const records = [record({ score: '97' })];
    expect(
      parseEvidenceExport(JSON.stringify({ format: 'f', records })),
    ).toEqual(records);
    expect(parseEvidenceExport(JSON.stringify(records))).toEqual(records);
  });

  it.each([
    ['', 'The CSV export is empty'],
    ['format,sequence\r\n', 'lacks the column(s) test, entity'],
    [
      `${EVIDENCE_EXPORT_COLUMNS.join(',')}\r\na,b\r\n`,
      'CSV row 2 has 2 cells; the header has 24',
    ],
    [
      `${EVIDENCE_EXPORT_COLUMNS.join(',')}\r\n"open`,
      'CSV row 2 has a quoted cell that never ends',
    ],
    ['{"records": 3}', 'The JSON export has no "records" list'],
    ['{"records": [{"format": 1}]}', 'record 1 has no text field "format"'],
    ['{nope', 'The export is not valid JSON'],
  ])('refuses %j, saying %j', (text, message) => {
    expect(() => parseEvidenceExport(text)).toThrow(message);
  });
});
