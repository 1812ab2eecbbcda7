import {
  type LevelStatus,
  remediesFor,
  type RestoreReport,
  VALIDATION_LEVELS,
} from '@kymaros/plugin-kymaros-common';
import { reasonOf } from '../notifications/notificationContent';
import type { Zod } from './KymarosActionDeps';

/** Next steps named in a summary, at most: the Restore tab has all of them. */
export const MAX_NEXT_STEPS = 3;

/** The schema of one report's summary, as the actions answer it. */
export const reportSummarySchema = (z: Zod) =>
  z.object({
    name: z.string().describe('The RestoreReport name'),
    result: z.enum(['pass', 'partial', 'fail', 'error']),
    score: z.number().describe('0 to 100; pass from 90, partial from 70'),
    completedAt: z.string().describe('When validation finished (RFC 3339)'),
    levelsPassed: z.array(z.string()).describe('Validation levels passed'),
    levelsFailed: z.array(z.string()).describe('Validation levels failed'),
    levelsSkipped: z
      .array(z.string())
      .describe(
        'Validation levels not evaluated: the run stopped before them, or they did not apply',
      ),
    rto: z.object({
      measured: z.string().describe('Restore start to validation end'),
      measuredMs: z.number().optional(),
      target: z.string().optional().describe('sla.maxRTO, when set'),
      targetMs: z.number().optional(),
      withinTarget: z.boolean(),
    }),
    backup: z
      .object({
        name: z.string(),
        age: z.string().describe('Age of the restored backup at restore'),
        ageMs: z.number().optional(),
        rpoTarget: z.string().optional().describe('sla.maxRPO, when set'),
        rpoTargetMs: z.number().optional(),
        withinRpo: z.boolean().optional(),
      })
      .optional()
      .describe('Absent when the run never learnt which backup it restored'),
    topReason: z
      .string()
      .optional()
      .describe(
        'Why a run that did not pass ended early, else its first failing level',
      ),
    nextSteps: z
      .array(z.string())
      .optional()
      .describe('The first remedies the Restore tab suggests'),
  });

/** A report in the terms of reportSummarySchema: the verdict, RTO, backup age and why it did not pass. */
export function reportSummary(report: RestoreReport) {
  const { status } = report;
  const levelsWith = (wanted: LevelStatus) =>
    VALIDATION_LEVELS.filter(
      l => status.validationLevels?.[l.key]?.status === wanted,
    ).map(l => l.title);
  const nextSteps = remediesFor(report)
    .slice(0, MAX_NEXT_STEPS)
    .map(remedy => remedy.title);
  return {
    name: report.metadata.name,
    result: status.result,
    score: status.score,
    completedAt: status.completedAt,
    levelsPassed: levelsWith('pass'),
    levelsFailed: levelsWith('fail'),
    levelsSkipped: levelsWith('skip'),
    rto: {
      measured: status.rto.measured,
      measuredMs: status.rto.measuredMs,
      target: status.rto.target,
      targetMs: status.rto.targetMs,
      withinTarget: status.rto.withinSLA,
    },
    backup: backupSummary(report),
    topReason: status.result === 'pass' ? undefined : reasonOf(status),
    nextSteps: nextSteps.length ? nextSteps : undefined,
  };
}

function backupSummary(report: RestoreReport) {
  const { backup, rpo } = report.status;
  if (!backup.name && !rpo) return undefined;
  return {
    name: backup.name,
    age: rpo?.backupAge ?? backup.age,
    ageMs: rpo?.backupAgeMs ?? backup.ageMs,
    rpoTarget: rpo?.target,
    rpoTargetMs: rpo?.targetMs,
    withinRpo: rpo?.withinTarget,
  };
}
