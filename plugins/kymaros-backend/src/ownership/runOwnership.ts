import type { KubeConfig } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type { KymarosStore } from '../store/KymarosStore';
import type { RunDependencies } from '../run/executeRun';
import { RunObjectRecorder } from './RunObjectRecorder';
import { cleanupRecorded } from './cleanupRecorded';

/** A run's recording, source check and cleanup, all on the store's records. */
export function runOwnership(o: {
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
    recorder: new RunObjectRecorder(o.store, {
      cluster: o.cluster,
      runId: o.runId,
      testId: o.testId,
      expiresAt: o.expiresAt.toISOString(),
    }),
    isRecordedSandbox: async name =>
      (
        await o.store.listObjects({
          cluster: o.cluster,
          kind: 'Namespace',
          name,
        })
      ).length > 0,
    cleanup: async signal =>
      cleanupRecorded(
        {
          store: o.store,
          kubeConfig: o.kubeConfig,
          provider: () => o.provider,
          logger: o.logger,
          settleMs: o.settleMs,
          signal,
        },
        await o.store.listObjects({ runId: o.runId }),
      ),
  };
}
