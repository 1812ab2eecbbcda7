export { EntityKymarosScorecardCard } from './EntityKymarosScorecardCard';
