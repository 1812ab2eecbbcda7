import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type ChainedEvidenceRecord,
  EVIDENCE_CHAIN_GENESIS,
  EVIDENCE_RECORD_FIELDS,
  EVIDENCE_RECORD_FORMAT,
  type EvidenceRecord,
  evidenceRecordHash,
} from './evidenceChain';
import { evidenceCsvHeader, evidenceCsvRow } from './evidenceExport';

// The command loads the sources through Backstage's Node transform.
jest.setTimeout(60_000);

const command = join(__dirname, '..', 'bin', 'kymaros-verify-evidence');
const dir = mkdtempSync(join(tmpdir(), 'kymaros-evidence-'));

function chained(count: number): ChainedEvidenceRecord[] {
  let previousHash = EVIDENCE_CHAIN_GENESIS;
  return Array.from({ length: count }, (_, i) => {
    const record = Object.fromEntries(
      EVIDENCE_RECORD_FIELDS.map(field => [field, '']),
    ) as EvidenceRecord;
    Object.assign(record, {
      format: EVIDENCE_RECORD_FORMAT,
      sequence: String(i + 1),
      test: 'component:default/orders:orders',
      report: `orders-${i + 1}`,
      result: 'fail',
      owner: '=team',
    });
    const hash = evidenceRecordHash(record, previousHash);
    const link = { ...record, previousHash, hash };
    previousHash = hash;
    return link;
  });
}

async function run(args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [
      command,
      ...args,
    ]);
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    const error = e as { code: number; stdout: string; stderr: string };
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

function write(name: string, text: string) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('kymaros-verify-evidence', () => {
  it('exits 0 for an intact CSV export and 1 naming the record of a tampered one', async () => {
    const records = chained(3);
    const csv = evidenceCsvHeader() + records.map(evidenceCsvRow).join('');
    expect(await run([write('ok.csv', csv)])).toMatchObject({
      code: 0,
      stdout: 'OK: 3 of 3 records verified\n',
    });
    const tampered = csv.replace(',orders-2,', ',orders-2b,');
    const failed = await run([write('bad.csv', tampered)]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(
      /^FAILED: record 2 \(orders-2b\) does not verify: its content does not match its hash/,
    );
  });

  it('exits 2 with the reason for a file that is not an export, and for no file', async () => {
    const bad = await run([write('x.csv', 'a,b\r\n1,2\r\n')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('lacks the column(s) format');
    expect((await run([])).code).toBe(2);
  });
});
