import type { ChainedEvidenceRecord } from '@kymaros/plugin-kymaros-common';
import type { EvidenceQuery, KymarosStore } from '../store/KymarosStore';
import { chainedRecord } from './evidenceRecord';

/** Reports read per query: bodies are parsed a page at a time. */
export const EVIDENCE_PAGE_SIZE = 200;

/**
 * The export's records, by test and oldest first, each rebuilt from its
 * stored report and given its stored link.
 */
export async function* evidenceRecords(
  store: Pick<KymarosStore, 'listEvidence'>,
  query: Omit<EvidenceQuery, 'after' | 'limit'>,
  pageSize = EVIDENCE_PAGE_SIZE,
): AsyncGenerator<ChainedEvidenceRecord> {
  let after: EvidenceQuery['after'];
  do {
    const page = await store.listEvidence({ ...query, after, limit: pageSize });
    for (const entry of page.entries)
      yield chainedRecord(entry.report, entry, entry.link);
    after = page.next;
  } while (after);
}
