/**
 * Extension points of the Kymaros backend: backend modules add backup
 * providers and health check types here without touching the engine.
 *
 * @packageDocumentation
 */
export * from './providers';
export * from './checks';
export * from './extensions';
