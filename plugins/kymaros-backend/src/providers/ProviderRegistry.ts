import { NotImplementedError, InputError } from '@backstage/errors';
import type {
  BackupProvider,
  BackupProviderContext,
  BackupProviderFactory,
} from '@kymaros/plugin-kymaros-node';
import { VeleroProvider } from './velero/VeleroProvider';

/** Providers Kymaros recognises but cannot restore with yet (seed 000). */
const recognisedUnsupported: Record<string, string> = {
  kasten: 'Kasten K10',
  trilio: 'TrilioVault for Kubernetes',
};

const velero: BackupProviderFactory = {
  name: 'velero',
  create: ctx =>
    new VeleroProvider({
      kubeConfig: ctx.kubeConfig,
      namespace: ctx.config?.getOptionalString('namespace') ?? 'velero',
      logger: ctx.logger,
    }),
};

/**
 * The only place that knows provider names: the built-in Velero adapter, the
 * recognised-but-unsupported ones, and those added by backend modules through
 * the providers extension point.
 */
export class ProviderRegistry {
  private readonly factories = new Map<string, BackupProviderFactory>([
    [velero.name, velero],
  ]);

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

  create(name: string, context: BackupProviderContext): BackupProvider {
    const factory = this.factories.get(name);
    if (factory) return factory.create(context);
    if (recognisedUnsupported[name]) {
      throw new NotImplementedError(
        `Unsupported provider "${name}": ${
          recognisedUnsupported[name]
        } restores are not implemented yet; only ${[
          ...this.factories.keys(),
        ].join(', ')} can be restore-tested today`,
      );
    }
    throw new InputError(
      `Unknown provider "${name}" (known: ${this.names().join(', ')})`,
    );
  }
}
