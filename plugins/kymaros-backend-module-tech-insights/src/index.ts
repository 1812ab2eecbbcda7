/**
 * Tech Insights facts and default checks from Kymaros restore tests.
 *
 * @packageDocumentation
 */

export { techInsightsModuleKymaros as default } from './module';
export {
  createKymarosFactRetriever,
  type KymarosFactRetrieverOptions,
} from './retriever/createKymarosFactRetriever';
export {
  KYMAROS_FACT_RETRIEVER_ID,
  kymarosRestoreFactSchema,
  type KymarosRestoreFacts,
} from './facts/restoreFactSchema';
export {
  KYMAROS_CHECK_IDS,
  kymarosDefaultChecks,
  type KymarosCheckConfig,
} from './checks/defaultChecks';
