/**
 * The Kymaros backend plugin: scheduled restore tests of catalog entities'
 * backups, scored and kept as RestoreReports.
 *
 * @packageDocumentation
 */
export { kymarosPlugin as default } from './plugin';
