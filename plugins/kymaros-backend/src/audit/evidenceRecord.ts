import {
  type ChainedEvidenceRecord,
  EVIDENCE_CHAIN_GENESIS,
  EVIDENCE_RECORD_FORMAT,
  type EvidenceRecord,
  evidenceRecordHash,
  type RestoreReport,
  VALIDATION_LEVELS,
} from '@kymaros/plugin-kymaros-common';

/** A report's place in its test's chain, as stored beside it. */
export interface ChainLink {
  sequence: number;
  /** The entity's owner when the report was stored. */
  owner?: string;
  format: string;
  previousHash: string;
  hash: string;
}

/** Backup age against `sla.maxRPO`; read defensively, reports before it lack it. */
interface RpoFacts {
  backupAge?: string;
  target?: string;
  withinTarget?: boolean;
}

/**
 * The audit record of a report: built from the stored report each time, so
 * a report changed after it was stored no longer matches its chain link.
 * Changing what this returns for a given report breaks every stored hash:
 * a new layout needs a new EVIDENCE_RECORD_FORMAT.
 */
export function evidenceRecord(
  report: RestoreReport,
  context: {
    testId: string;
    entityRef: string;
    sequence?: number;
    owner?: string;
    format?: string;
  },
): EvidenceRecord {
  const { status } = report;
  const rpo = (status as { rpo?: RpoFacts }).rpo;
  return {
    format: context.format ?? '',
    sequence: context.sequence === undefined ? '' : String(context.sequence),
    test: context.testId,
    entity: report.spec.entityRef ?? context.entityRef,
    owner: context.owner ?? '',
    cluster: status.cluster ?? '',
    backup: status.backup.name,
    backupAge: status.backup.age,
    rto: status.rto.measured,
    rtoTarget: status.rto.target ?? '',
    rtoWithinTarget: String(status.rto.withinSLA),
    rpo: rpo?.backupAge ?? '',
    rpoTarget: rpo?.target ?? '',
    rpoWithinTarget:
      rpo?.withinTarget === undefined ? '' : String(rpo.withinTarget),
    levels: levelsText(report),
    score: String(status.score),
    result: status.result,
    triggeredBy: status.triggeredBy ?? '',
    report: report.metadata.name,
    startedAt: status.startedAt,
    completedAt: status.completedAt,
    recordedAt: report.metadata.creationTimestamp,
  };
}

/** `restoreIntegrity pass 25/25; completeness fail 10/20; …` in report order. */
function levelsText(report: RestoreReport): string {
  const levels = report.status.validationLevels ?? {};
  return VALIDATION_LEVELS.filter(({ key }) => levels[key])
    .map(({ key }) => {
      const level = levels[key];
      return `${key} ${level.status} ${level.points}/${level.maxPoints}`;
    })
    .join('; ');
}

/** The next link of a test's chain for a report about to be stored. */
export function nextChainLink(
  report: RestoreReport,
  context: { testId: string; entityRef: string; owner?: string },
  tip: { sequence: number; hash: string } | undefined,
): ChainLink {
  const link = {
    sequence: (tip?.sequence ?? 0) + 1,
    owner: context.owner,
    format: EVIDENCE_RECORD_FORMAT,
    previousHash: tip?.hash ?? EVIDENCE_CHAIN_GENESIS,
  };
  const record = evidenceRecord(report, { ...context, ...link });
  return { ...link, hash: evidenceRecordHash(record, link.previousHash) };
}

/** A stored report as the export states it, with its link (empty when it has none). */
export function chainedRecord(
  report: RestoreReport,
  context: { testId: string; entityRef: string },
  link: ChainLink | undefined,
): ChainedEvidenceRecord {
  return {
    ...evidenceRecord(report, { ...context, ...link }),
    previousHash: link?.previousHash ?? '',
    hash: link?.hash ?? '',
  };
}
