import type { KubeConfig } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type { KymarosStore } from '../store/KymarosStore';
import type { RunDependencies } from '../run/executeRun';
import { RunObjectRecorder } from './RunObjectRecorder';
import { cleanupRecorded } from './cleanupRecorded';

/** A run's recording, source check and cleanup, all on the store's records. */
export function runOwnership(options: {
  store: KymarosStore;
  kubeConfig: KubeConfig;
  provider: BackupProvider;
  logger: LoggerService;
  cluster: string;
  runId: string;
  testId: string;
  expiresAt: Date;
  /** How long an unfinished restore may settle before cleanup deletes it. */
  settleMs: number;
}): Pick<RunDependencies, 'recorder' | 'isRecordedSandbox' | 'cleanup'> {
  return {
    recorder: new RunObjectRecorder(options.store, {
      cluster: options.cluster,
      runId: options.runId,
      testId: options.testId,
      expiresAt: options.expiresAt.toISOString(),
    }),
    isRecordedSandbox: async name =>
      (
        await options.store.listObjects({
          cluster: options.cluster,
          kind: 'Namespace',
          name,
        })
      ).length > 0,
    cleanup: async (signal, kind) =>
      cleanupRecorded(
        {
          store: options.store,
          kubeConfig: options.kubeConfig,
          // The run's provider writes through the run's guard, which allows its sandboxes already.
          provider: () => options.provider,
          logger: options.logger,
          settleMs: options.settleMs,
          signal,
        },
        await options.store.listObjects({ runId: options.runId, kind }),
      ),
  };
}
