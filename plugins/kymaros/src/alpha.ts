/**
 * The Kymaros frontend plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
export { default } from './alpha/plugin';
export {
  kymarosApi,
  kymarosEntityCard,
  kymarosEntityContent,
  kymarosEntityCoverageCard,
  kymarosGroupCard,
  kymarosPage,
  kymarosScorecardCard,
} from './alpha/plugin';
