import knexFactory from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BackupProviderFactory } from '@kymaros/plugin-kymaros-node';
import type { KymarosConfig } from '../../config/readKymarosConfig';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { ProviderRegistry } from '../../providers/ProviderRegistry';
import { ProviderFactory } from '../../providers/ProviderFactory';
import { DatabaseKymarosStore } from '../../store/DatabaseKymarosStore';
import { builtInCheckTypes } from '../../checks/builtInCheckTypes';
import { RestoreRunner } from '../RestoreRunner';
import {
  SandboxReaper,
  type SandboxReaperOptions,
} from '../../reaper/SandboxReaper';
import { runChecksForRun } from '../runChecksForRun';
import type { RecordingContext } from '../../reports/recordFinishedRun';
import type { RunChangeListener } from '../runSignals';

/** The engine as the plugin wires it, on an in-memory SQLite store, for end-to-end tests. */
export async function testEngine(options: {
  config: KymarosConfig;
  logger: LoggerService;
  protectedNamespaces: string[];
  leaseMs?: number;
  /** The clusters, when they come from more than `kymaros.clusters` (locators, modules). */
  clusters?: ClusterRegistry;
  /** Told of each recorded run, as the notifier is. */
  onRecorded?: RecordingContext['onRecorded'];
  /** Told of run changes, as the signals publisher is. */
  onRunChange?: RunChangeListener;
  /** Providers backend modules would add through the extension point. */
  providers?: BackupProviderFactory[];
}) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const store = await DatabaseKymarosStore.create({ knex });
  const providers = new ProviderRegistry();
  options.providers?.forEach(factory => providers.add(factory));
  const types = builtInCheckTypes();
  const clusters =
    options.clusters ?? new ClusterRegistry(options.config.clusters);
  const providerFactory = new ProviderFactory({
    providers,
    clusters,
    logger: options.logger,
  });
  const runner = new RestoreRunner({
    store,
    clusters,
    providerFactory,
    runChecks: runChecksForRun(types, options.logger),
    logger: options.logger,
    config: {
      ...options.config,
      runLeaseMs: options.leaseMs ?? options.config.runLeaseMs,
    },
    owner: 'test',
    protectedNamespaces: options.protectedNamespaces,
    onRecorded: options.onRecorded,
    onRunChange: options.onRunChange,
  });
  return {
    knex,
    store,
    runner,
    /** A reaper on the same store and clusters, as every replica runs one. */
    reaper: (
      reaperOptions: Pick<
        SandboxReaperOptions,
        'settleMs' | 'namespaceWaitMs' | 'auditor' | 'observer'
      >,
    ) =>
      new SandboxReaper({
        store,
        clusters,
        providerFactory,
        logger: options.logger,
        historyLimit: options.config.historyLimit,
        ...reaperOptions,
      }),
    /** What definitions are validated against. */
    definitionContext: {
      // As the plugin does: definitions see the clusters the registry knows.
      config: {
        ...options.config,
        clusters: clusters.names().map(name => ({ name })),
      },
      providers: providers.names(),
      checkTypes: types,
      protectedNamespaces: [
        ...options.protectedNamespaces,
        ...providerFactory.ownedNamespaces(),
      ],
    },
  };
}
