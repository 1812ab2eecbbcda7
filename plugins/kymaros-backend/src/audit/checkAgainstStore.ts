import {
  type ChainedEvidenceRecord,
  EVIDENCE_EXPORT_COLUMNS,
  type EvidenceRecordVerification,
  type EvidenceVerification,
  type RestoreReport,
} from '@kymaros/plugin-kymaros-common';
import type {
  StoredEvidence,
  StoredEvidenceReport,
  StoredEvidenceTest,
} from '../store/KymarosStore';
import { chainedRecord } from './evidenceRecord';

/** What the store says of a record; no status when it agrees with the chain. */
interface Check {
  status?: 'failed';
  reason?: string;
  checkedAgainst: NonNullable<EvidenceRecordVerification['checkedAgainst']>;
}

const UNCHECKABLE =
  'it cannot be checked against the store: its test is unknown there or you may not read its reports';

/**
 * Holds a verified export against the store: a chain can be invented or
 * rebuilt after an edit and still verify on its own. Each record must be a
 * stored report with the hash stored when it was recorded, a report stored
 * before the chain exactly as it is stored, or a report pruned since, older
 * than the first record its test keeps. `readable` are the entities whose
 * reports the caller may read; records of others cannot be checked and fail.
 */
export function checkAgainstStore(
  verification: EvidenceVerification,
  records: ChainedEvidenceRecord[],
  stored: StoredEvidence,
  readable: Set<string>,
): EvidenceVerification {
  const seen = new Map<string, number>();
  const checked = verification.records.map((result, i) => {
    const record = records[i];
    const check = seen.has(record.report)
      ? failed(
          `it repeats record ${seen.get(record.report)} of the export`,
          'chain',
        )
      : checkRecord(record, stored, readable);
    seen.set(record.report, result.index);
    const { checkedAgainst } = check;
    if (result.status === 'failed') return { ...result, checkedAgainst };
    if (check.status === 'failed')
      return {
        ...result,
        status: check.status,
        reason: check.reason,
        checkedAgainst,
      };
    const reason = [result.reason, check.reason].filter(Boolean).join('; ');
    return { ...result, checkedAgainst, ...(reason ? { reason } : {}) };
  });
  const firstFailure = checked.find(result => result.status === 'failed');
  return {
    ok: !firstFailure,
    total: checked.length,
    verified: checked.filter(result => result.status === 'verified').length,
    records: checked,
    ...(firstFailure ? { firstFailure } : {}),
  };
}

function checkRecord(
  record: ChainedEvidenceRecord,
  { reports, tests }: StoredEvidence,
  readable: Set<string>,
): Check {
  const report = reports.get(record.report);
  const entityRef = report?.entityRef ?? tests.get(record.test)?.entityRef;
  if (!entityRef || !readable.has(entityRef))
    return failed(UNCHECKABLE, 'chain');
  if (report?.link) {
    if (record.hash === report.link.hash) return { checkedAgainst: 'store' };
    return failed(
      record.hash
        ? 'its hash is not the one stored when the report was recorded: the export was rebuilt after an edit'
        : 'it has no hash, but its report was stored with a hash: the record was edited and its hash removed',
    );
  }
  if (report?.report) return checkUnchained(record, report, report.report);
  return checkPruned(record, tests.get(record.test)?.firstLink);
}

/** A report stored before the chain: only its stored content vouches for it. */
function checkUnchained(
  record: ChainedEvidenceRecord,
  stored: StoredEvidenceReport,
  report: RestoreReport,
): Check {
  const expected = chainedRecord(report, stored, undefined);
  const differ = EVIDENCE_EXPORT_COLUMNS.filter(
    column => record[column] !== expected[column],
  );
  if (differ.length === 0)
    return {
      checkedAgainst: 'store',
      reason: 'matches its report as stored',
    };
  return failed(
    `its ${differ.join(
      ', ',
    )} differ from its report, stored before the evidence chain existed`,
  );
}

/** A report no longer stored: acceptable only as one pruned before the first link kept. */
function checkPruned(
  record: ChainedEvidenceRecord,
  first: StoredEvidenceTest['firstLink'],
): Check {
  const sequence = Number(record.sequence);
  const older =
    record.hash && first && Number.isInteger(sequence) && sequence > 0
      ? sequence < first.sequence
      : false;
  if (!older)
    return failed(
      'its report is not in the store: invented or renamed (only reports pruned before the first one its test keeps may be missing)',
    );
  if (sequence === first!.sequence - 1 && record.hash !== first!.previousHash)
    return failed(
      `its hash is not the previous hash stored with record ${
        first!.sequence
      }, the first one its test keeps: it was changed or invented`,
    );
  return {
    checkedAgainst: 'chain',
    reason:
      'its report is no longer stored (pruned by historyLimit): checked by its chain only',
  };
}

function failed(
  reason: string,
  checkedAgainst: Check['checkedAgainst'] = 'store',
): Check & { reason: string } {
  return { status: 'failed', reason, checkedAgainst };
}
