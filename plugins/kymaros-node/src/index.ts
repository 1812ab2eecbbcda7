/**
 * Extension points of the Kymaros backend: backend modules add backup
 * providers, health check types, clusters and cluster auth strategies here without touching the engine.
 *
 * @packageDocumentation
 */
export * from './providers';
export { formatBytes } from './formatBytes';
export { readIfPresent } from './readIfPresent';
export * from './checks';
export * from './extensions';
export * from './clusters';
export * from './events';
