export { builtInCheckTypes } from './builtInCheckTypes';
export { runChecks, planChecks, DEFAULT_CHECK_TIMEOUT_MS } from './runChecks';
export type { RunChecksDeps } from './runChecks';
export { formatDuration, parseDuration } from '../util/duration';
