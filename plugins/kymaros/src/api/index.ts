export { kymarosApiRef } from './KymarosApi';
export type { KymarosApi } from './KymarosApi';
export { KymarosClient } from './KymarosClient';
