import type { BackupProviderFactory } from '@kymaros/plugin-kymaros-node';
import {
  retiredVeleroClusterKeys,
  veleroProviderFactory,
} from './velero/veleroProviderFactory';

/** The providers that ship with the plugin; backend modules add others through the extension point. */
export const builtInProviderFactories: readonly BackupProviderFactory[] = [
  veleroProviderFactory,
];

/** A test's provider when neither it nor `kymaros.provider` names one. */
export const defaultProviderName = veleroProviderFactory.name;

/**
 * Keys of a `kymaros.clusters[]` entry that built-in providers once read,
 * each with the key that replaced it, so a configuration still using one is
 * refused with the replacement named instead of being silently ignored.
 */
export const retiredClusterKeys: Readonly<Record<string, string>> = {
  ...retiredVeleroClusterKeys,
};
