import type { BackupProviderFactory } from '@kymaros/plugin-kymaros-node';
import {
  createVeleroProviderFactory,
  retiredVeleroClusterKeys,
  VELERO_PROVIDER_NAME,
} from './velero/veleroProviderFactory';

/**
 * The providers that ship with the plugin, fresh for each registry (so what
 * they share between runs stays within one engine); backend modules add
 * others through the extension point.
 */
export function builtInProviderFactories(): BackupProviderFactory[] {
  return [createVeleroProviderFactory()];
}

/** A test's provider when neither it nor `kymaros.provider` names one. */
export const defaultProviderName = VELERO_PROVIDER_NAME;

/**
 * Keys of a `kymaros.clusters[]` entry that built-in providers once read,
 * each with the key that replaced it, so a configuration still using one is
 * refused with the replacement named instead of being silently ignored.
 */
export const retiredClusterKeys: Readonly<Record<string, string>> = {
  ...retiredVeleroClusterKeys,
};
