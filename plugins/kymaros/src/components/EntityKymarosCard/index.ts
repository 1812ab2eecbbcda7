export { EntityKymarosCard } from './EntityKymarosCard';
