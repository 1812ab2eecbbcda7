export { kymarosApiRef } from './KymarosApi';
export type {
  EvidenceExportQuery,
  EvidenceFile,
  KymarosApi,
} from './KymarosApi';
export { KymarosClient } from './KymarosClient';
