/**
 * Types, annotation names, permissions and score thresholds shared by the
 * Kymaros frontend and backend plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './backupCoverage';
export * from './coverageGapOwner';
export * from './duration';
export * from './evidence';
export * from './evidenceChain';
export * from './evidenceExport';
export * from './permissions';
export { providerTitle } from './providerVocabulary';
export * from './remedies';
export * from './runSignals';
export * from './scoring';
export * from './summary';
export * from './types';
