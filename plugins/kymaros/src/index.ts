/**
 * Kymaros for Backstage: restore confidence on entity pages (tab and card)
 * and a catalog-wide overview page.
 *
 * @packageDocumentation
 */
export {
  kymarosPlugin,
  EntityKymarosCard,
  EntityKymarosContent,
  EntityKymarosCoverageCard,
  EntityKymarosGroupCard,
  EntityKymarosScorecardCard,
  KymarosPage,
} from './plugin';
export { isKymarosAvailable } from './conditions';
export { isKymarosCoverageGap } from './coverageRule';
export { createKymarosCatalogColumn } from './components/catalogColumn';
export { kymarosApiRef, KymarosClient } from './api';
export type { EvidenceExportQuery, EvidenceFile, KymarosApi } from './api';
export { entityContentRouteRef, rootRouteRef } from './routes';
export type { EntityKymarosContentProps } from './components/EntityKymarosContent';
export type { KymarosPageProps } from './components/KymarosPage';
