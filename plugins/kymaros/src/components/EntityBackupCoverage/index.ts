export { EntityBackupCoverage } from './EntityBackupCoverage';
export { CoverageStatusChip } from './CoverageStatusChip';
export { byWorstFirst, COVERAGE_LABELS, WORST_FIRST } from './coverageStatus';
