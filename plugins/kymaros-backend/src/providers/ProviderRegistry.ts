import { NotImplementedError, InputError } from '@backstage/errors';
import type {
  BackupProvider,
  BackupProviderContext,
  BackupProviderFactory,
} from '@kymaros/plugin-kymaros-node';
import { builtInProviderFactories } from './builtInProviders';

/** Providers Kymaros recognises but cannot restore with yet. */
const recognisedUnsupported: Record<string, string> = {
  kasten: 'Kasten K10',
  trilio: 'TrilioVault for Kubernetes',
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
        ...Object.keys(recognisedUnsupported),
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
    if (recognisedUnsupported[name]) {
      throw new NotImplementedError(
        `Unsupported provider "${name}": ${
          recognisedUnsupported[name]
        } restores are not implemented yet; only ${this.supportedNames().join(
          ', ',
        )} can be restore-tested today`,
      );
    }
    throw new InputError(
      `Unknown provider "${name}" (known: ${this.names().join(', ')})`,
    );
  }
}
