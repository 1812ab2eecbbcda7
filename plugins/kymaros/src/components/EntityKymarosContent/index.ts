export { EntityKymarosContent } from './EntityKymarosContent';
export type { EntityKymarosContentProps } from './EntityKymarosContent';
