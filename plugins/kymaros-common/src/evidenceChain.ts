/**
 * The audit export's hash chain: each record's SHA-256 covers its own fields
 * and the previous record of the same test's hash, so an edited, deleted or
 * reordered record breaks the chain where it happened. Pure and synchronous
 * (an audited SHA-256 in plain JavaScript, browsers and Node alike), so an
 * auditor can verify an export offline.
 */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * The fields of one record, in the order they are hashed and exported. Every
 * value is text (empty when the run did not have it), so CSV and JSON
 * exports hash alike.
 *
 * @public
 */
export const EVIDENCE_RECORD_FIELDS = [
  'format',
  'sequence',
  'test',
  'entity',
  'owner',
  'cluster',
  'backup',
  'backupAge',
  'rto',
  'rtoTarget',
  'rtoWithinTarget',
  'rpo',
  'rpoTarget',
  'rpoWithinTarget',
  'levels',
  'score',
  'result',
  'triggeredBy',
  'report',
  'startedAt',
  'completedAt',
  'recordedAt',
] as const;

/** @public */
export type EvidenceRecordField = (typeof EVIDENCE_RECORD_FIELDS)[number];

/**
 * One run as the audit export states it.
 *
 * @public
 */
export type EvidenceRecord = Record<EvidenceRecordField, string>;

/**
 * A record with its link in the chain: `hash` is the SHA-256 (lowercase hex)
 * of `JSON.stringify([...fields in EVIDENCE_RECORD_FIELDS order, previousHash])`.
 * Both are empty for a report stored before the chain existed.
 *
 * @public
 */
export interface ChainedEvidenceRecord extends EvidenceRecord {
  previousHash: string;
  hash: string;
}

/** @public */
export const EVIDENCE_RECORD_FORMAT = 'kymaros-evidence/v1';

/**
 * The previous hash of a test's first record.
 *
 * @public
 */
export const EVIDENCE_CHAIN_GENESIS = '0'.repeat(64);

/**
 * The record's hash, chained to `previousHash`.
 *
 * @public
 */
export function evidenceRecordHash(
  record: EvidenceRecord,
  previousHash: string,
): string {
  const canonical = JSON.stringify([
    ...EVIDENCE_RECORD_FIELDS.map(field => record[field]),
    previousHash,
  ]);
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}

/** @public */
export type EvidenceRecordStatus = 'verified' | 'unchained' | 'failed';

/** @public */
export interface EvidenceRecordVerification {
  /** Position in the export, from 1. */
  index: number;
  test: string;
  report: string;
  sequence: string;
  status: EvidenceRecordStatus;
  /** Why it failed, or what an unchained or first record means. */
  reason?: string;
  /**
   * Set by the backend's verify endpoint: `store` when the record was
   * matched against its stored report, `chain` when only its hash chain
   * vouches for it (its report was pruned) or it could not be checked.
   * Absent offline, where only the chain is checked.
   */
  checkedAgainst?: 'store' | 'chain';
}

/**
 * What verifying an export found; `ok` when no record failed.
 *
 * @public
 */
export interface EvidenceVerification {
  ok: boolean;
  total: number;
  verified: number;
  records: EvidenceRecordVerification[];
  firstFailure?: EvidenceRecordVerification;
}

/** The last chained record seen of one test. */
interface ChainTip {
  hash: string;
  sequence: number;
  report: string;
}

/**
 * Checks every record's hash and its link to the previous record of its
 * test, in export order. A test's first record in the export anchors its
 * chain on its own previous hash: earlier records may have been pruned
 * (historyLimit) or lie before the export's `from`. Reports stored before
 * the chain existed are accepted, unchained, only before a test's first
 * chained record. This proves that the export is consistent with itself,
 * not that its reports exist: a whole chain can be invented or rebuilt
 * after an edit. The backend's verify endpoint also checks each record
 * against the stored reports.
 *
 * @public
 */
export function verifyEvidenceChain(
  records: ChainedEvidenceRecord[],
): EvidenceVerification {
  const tips = new Map<string, ChainTip>();
  const results: EvidenceRecordVerification[] = [];
  for (const [i, record] of records.entries()) {
    const { status, reason } = verifyOne(record, tips.get(record.test));
    if (record.hash)
      tips.set(record.test, {
        hash: record.hash,
        sequence: Number(record.sequence),
        report: record.report,
      });
    results.push({
      index: i + 1,
      test: record.test,
      report: record.report,
      sequence: record.sequence,
      status,
      ...(reason ? { reason } : {}),
    });
  }
  const firstFailure = results.find(result => result.status === 'failed');
  return {
    ok: !firstFailure,
    total: results.length,
    verified: results.filter(result => result.status === 'verified').length,
    records: results,
    ...(firstFailure ? { firstFailure } : {}),
  };
}

function verifyOne(
  record: ChainedEvidenceRecord,
  tip: ChainTip | undefined,
): { status: EvidenceRecordStatus; reason?: string } {
  if (!record.hash) {
    return tip
      ? failed(
          `it has no hash although record ${tip.sequence} (${tip.report}) of its test before it has: its chain entry was removed`,
        )
      : {
          status: 'unchained',
          reason: 'stored before the evidence chain existed',
        };
  }
  if (record.format !== EVIDENCE_RECORD_FORMAT)
    return failed(
      `its format "${record.format}" is not ${EVIDENCE_RECORD_FORMAT}`,
    );
  const expected = evidenceRecordHash(record, record.previousHash);
  if (expected !== record.hash)
    return failed(
      'its content does not match its hash: it was changed after it was recorded',
    );
  if (!tip) return anchor(record);
  return link(record, tip);
}

function anchor(record: ChainedEvidenceRecord) {
  if (record.sequence === '1') {
    return record.previousHash === EVIDENCE_CHAIN_GENESIS
      ? { status: 'verified' as const }
      : failed('it is its test’s first record but does not start the chain');
  }
  return {
    status: 'verified' as const,
    reason: `its test’s first record here: records before ${record.sequence} were pruned (historyLimit) or lie outside the export`,
  };
}

function link(record: ChainedEvidenceRecord, tip: ChainTip) {
  const sequence = Number(record.sequence);
  if (sequence <= tip.sequence)
    return failed(
      `it comes after record ${tip.sequence} (${tip.report}) of its test: the records were reordered`,
    );
  if (sequence > tip.sequence + 1)
    return failed(
      `records ${tip.sequence + 1} to ${
        sequence - 1
      } of its test are missing after ${tip.report}`,
    );
  if (record.previousHash !== tip.hash)
    return failed(
      `its previous hash is not the hash of record ${tip.sequence} (${tip.report})`,
    );
  return { status: 'verified' as const };
}

function failed(reason: string) {
  return { status: 'failed' as const, reason };
}

/**
 * The verification in words: one line for the outcome, then one per record
 * that failed or needs explaining.
 *
 * @public
 */
export function describeEvidenceVerification(
  result: EvidenceVerification,
): string {
  const head = result.ok
    ? `OK: ${result.verified} of ${result.total} records verified`
    : `FAILED: record ${result.firstFailure!.index} (${
        result.firstFailure!.report
      }) does not verify: ${result.firstFailure!.reason}`;
  const notes = result.records
    .filter(record => record.reason)
    .map(
      record =>
        `  ${record.index} ${record.report} [${record.status}]: ${record.reason}`,
    );
  return [head, ...notes].join('\n');
}
