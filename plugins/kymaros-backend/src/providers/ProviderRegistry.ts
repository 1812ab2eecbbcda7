import { NotImplementedError, InputError } from '@backstage/errors';
import type {
  BackupProvider,
  BackupProviderContext,
  BackupProviderFactory,
} from '@kymaros/plugin-kymaros-node';
import { builtInProviderFactories } from './builtInProviders';

/**
 * Providers Kymaros recognises without a factory registered: why a test
 * naming one cannot run, and what to do about it.
 */
const recognisedUnregistered: Record<string, string> = {
  kasten:
    'Kasten K10 restores come with the backend module @kymaros/plugin-kymaros-backend-module-kasten; add it to the backend',
  kubestash:
    'KubeStash restores come with the backend module @kymaros/plugin-kymaros-backend-module-kubestash; add it to the backend',
  // Trilio publishes tutorials and scripts, but no schema of its Restore
  // (triliovault.trilio.io/v1): which states are terminal, where per-resource
  // results are kept and how a restore into another namespace is confirmed
  // cannot be checked, so no adapter restores with it.
  trilio:
    'TrilioVault for Kubernetes restores are not supported: Trilio publishes no schema of its Restore resource (triliovault.trilio.io/v1), so its terminal states, per-resource results and cross-namespace restore cannot be confirmed',
};

/**
 * The only place that knows provider names: the built-in adapters, the
 * recognised-but-unsupported ones, and those added by backend modules through
 * the providers extension point.
 */
export class ProviderRegistry {
  private readonly factories = new Map<string, BackupProviderFactory>(
    builtInProviderFactories().map(factory => [factory.name, factory]),
  );

  add(factory: BackupProviderFactory): void {
    if (this.factories.has(factory.name))
      throw new InputError(
        `A backup provider named "${factory.name}" is already registered`,
      );
    this.factories.set(factory.name, factory);
  }

  /** Every name a test may use. */
  names(): string[] {
    return [
      ...new Set([
        ...this.factories.keys(),
        ...Object.keys(recognisedUnregistered),
      ]),
    ];
  }

  /** The names that can actually restore (a factory is registered). */
  supportedNames(): string[] {
    return [...this.factories.keys()];
  }

  create(name: string, context: BackupProviderContext): BackupProvider {
    const factory = this.factories.get(name);
    if (factory) return factory.create(context);
    if (recognisedUnregistered[name]) {
      throw new NotImplementedError(
        `Unsupported provider "${name}": ${
          recognisedUnregistered[name]
        }. Providers that can restore here: ${this.supportedNames().join(
          ', ',
        )}`,
      );
    }
    throw new InputError(
      `Unknown provider "${name}" (known: ${this.names().join(', ')})`,
    );
  }
}
