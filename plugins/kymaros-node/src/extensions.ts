import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { BackupProviderFactory } from './providers';
import type { CheckType } from './checks';

/** @public */
export interface KymarosProvidersExtensionPoint {
  /** Adds a backup provider; its name becomes a valid `provider` value. */
  addProvider(factory: BackupProviderFactory): void;
}

/** @public */
export const kymarosProvidersExtensionPoint =
  createExtensionPoint<KymarosProvidersExtensionPoint>({
    id: 'kymaros.providers',
  });

/** @public */
export interface KymarosChecksExtensionPoint {
  /** Adds a health check type usable in HealthCheckPolicies. */
  addCheckType(checkType: CheckType): void;
}

/** @public */
export const kymarosChecksExtensionPoint =
  createExtensionPoint<KymarosChecksExtensionPoint>({
    id: 'kymaros.checks',
  });
