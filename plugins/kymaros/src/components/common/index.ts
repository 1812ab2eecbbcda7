export { Fact } from './Fact';
export { InlineFact } from './InlineFact';
export { BackendError } from './BackendError';
export { RelativeTime } from './RelativeTime';
export { ResultChip } from './ResultChip';
export { ScoreGauge } from './ScoreGauge';
export { StatusLabel } from './StatusLabel';
