import { createHash } from 'node:crypto';
import {
  type ChainedEvidenceRecord,
  EVIDENCE_CHAIN_GENESIS,
  EVIDENCE_RECORD_FIELDS,
  EVIDENCE_RECORD_FORMAT,
  type EvidenceRecord,
  evidenceRecordHash,
  verifyEvidenceChain,
} from './evidenceChain';

function record(sequence: number, test = 'component:default/orders:orders') {
  const fields = Object.fromEntries(
    EVIDENCE_RECORD_FIELDS.map(field => [field, '']),
  ) as EvidenceRecord;
  return {
    ...fields,
    format: EVIDENCE_RECORD_FORMAT,
    sequence: String(sequence),
    test,
    report: `${test.split(':').pop()}-${sequence}`,
    result: 'pass',
    score: '100',
  };
}

/** Chains records as the store does, each test from the genesis hash. */
function chain(
  records: EvidenceRecord[],
  start: Record<string, string> = {},
): ChainedEvidenceRecord[] {
  const tips = new Map(Object.entries(start));
  const out: ChainedEvidenceRecord[] = [];
  for (const r of records) {
    const previousHash = tips.get(r.test) ?? EVIDENCE_CHAIN_GENESIS;
    const hash = evidenceRecordHash(r, previousHash);
    tips.set(r.test, hash);
    out.push({ ...r, previousHash, hash });
  }
  return out;
}

describe('evidenceRecordHash', () => {
  it('is the SHA-256 of the JSON list of fields and the previous hash', () => {
    const r = record(1);
    const expected = createHash('sha256')
      .update(
        JSON.stringify([
          ...EVIDENCE_RECORD_FIELDS.map(f => r[f]),
          EVIDENCE_CHAIN_GENESIS,
        ]),
      )
      .digest('hex');
    expect(evidenceRecordHash(r, EVIDENCE_CHAIN_GENESIS)).toBe(expected);
  });
});

describe('verifyEvidenceChain', () => {
  it('verifies an intact chain of two tests, interleaved', () => {
    const records = chain([
      record(1),
      record(1, 'component:default/a:a'),
      record(2),
      record(2, 'component:default/a:a'),
    ]);
    const result = verifyEvidenceChain(records);
    expect(result).toMatchObject({ ok: true, total: 4, verified: 4 });
    expect(result.firstFailure).toBeUndefined();
  });

  it('names an edited record and keeps verifying the ones after it', () => {
    const records = chain([record(1), record(2), record(3)]);
    records[1] = { ...records[1], result: 'fail' };
    const result = verifyEvidenceChain(records);
    expect(result.ok).toBe(false);
    expect(result.firstFailure).toMatchObject({
      index: 2,
      report: 'orders-2',
      reason: expect.stringContaining('changed after it was recorded'),
    });
    expect(result.records.map(r => r.status)).toEqual([
      'verified',
      'failed',
      'verified',
    ]);
  });

  it('names the record after a deleted one', () => {
    const records = chain([record(1), record(2), record(3)]);
    const result = verifyEvidenceChain([records[0], records[2]]);
    expect(result.firstFailure).toMatchObject({
      report: 'orders-3',
      reason: 'records 2 to 2 of its test are missing after orders-1',
    });
  });

  it('names reordered records', () => {
    const records = chain([record(1), record(2), record(3)]);
    const result = verifyEvidenceChain([records[0], records[2], records[1]]);
    expect(result.firstFailure?.report).toBe('orders-3');
    expect(result.records[2].reason).toMatch(/reordered/);
  });

  it('refuses a forged link whose sequence fits', () => {
    const records = chain([record(1), record(2)]);
    const forged = { ...record(2), result: 'fail' };
    const [relinked] = chain([forged], { [forged.test]: 'f'.repeat(64) });
    const result = verifyEvidenceChain([records[0], relinked]);
    expect(result.firstFailure?.reason).toBe(
      'its previous hash is not the hash of record 1 (orders-1)',
    );
  });

  it('anchors a test on its first kept record after pruning', () => {
    const records = chain([record(1), record(2), record(3)]);
    const result = verifyEvidenceChain(records.slice(1));
    expect(result.ok).toBe(true);
    expect(result.records[0].reason).toMatch(/before 2 were pruned/);
  });

  it('refuses a first record that claims to start a chain it does not', () => {
    const [first] = chain([record(1)], {
      [record(1).test]: 'a'.repeat(64),
    });
    const result = verifyEvidenceChain([first]);
    expect(result.firstFailure?.reason).toMatch(/does not start the chain/);
  });

  it('accepts unchained records only before a test’s chain starts', () => {
    const legacy = { ...record(0), sequence: '', previousHash: '', hash: '' };
    const records = chain([record(1)]);
    expect(verifyEvidenceChain([legacy, ...records]).ok).toBe(true);
    const result = verifyEvidenceChain([...records, legacy]);
    expect(result.firstFailure?.reason).toMatch(/chain entry was removed/);
  });

  it('refuses an unknown record format', () => {
    const records = chain([{ ...record(1), format: 'other/v9' }]);
    const result = verifyEvidenceChain(records);
    expect(result.firstFailure?.reason).toMatch(/format "other\/v9"/);
  });
});
