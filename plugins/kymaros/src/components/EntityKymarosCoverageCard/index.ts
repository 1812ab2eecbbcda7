export { EntityKymarosCoverageCard } from './EntityKymarosCoverageCard';
