import type {
  ChainedEvidenceRecord,
  EvidenceVerification,
} from '@kymaros/plugin-kymaros-common';

/**
 * Holds a verified export against the hashes stored when the reports were
 * recorded: an export whose chain was recomputed after an edit verifies on
 * its own, but not against the database. Only reports in `stored` (kept,
 * and of entities the caller may read) are compared.
 */
export function compareStoredHashes(
  verification: EvidenceVerification,
  records: ChainedEvidenceRecord[],
  stored: Map<string, { hash: string }>,
): EvidenceVerification {
  const checked = verification.records.map((result, i) => {
    const kept = stored.get(records[i].report);
    if (result.status === 'failed' || !kept || !records[i].hash) return result;
    if (kept.hash === records[i].hash) return result;
    return {
      ...result,
      status: 'failed' as const,
      reason:
        'its hash is not the one stored when the report was recorded: the export was rebuilt after an edit',
    };
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
