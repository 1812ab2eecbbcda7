export { EntityKymarosGroupCard } from './EntityKymarosGroupCard';
