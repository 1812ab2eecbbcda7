import type {
  KymarosStore,
  OwnedObject,
  OwnedObjectKind,
} from '../store/KymarosStore';
import type { SandboxRecording } from '../sandbox/SandboxManager';

/**
 * Records what one run creates, in the plugin's database, before and after
 * each create: the only proof of ownership cleanup and the reaper accept.
 */
export class RunObjectRecorder {
  constructor(
    private readonly store: KymarosStore,
    private readonly run: Pick<
      OwnedObject,
      'cluster' | 'runId' | 'testId' | 'expiresAt'
    >,
  ) {}

  /** The run's sandboxes, as SandboxManager.create reports them. */
  sandboxes(): SandboxRecording {
    return {
      before: (source, name) =>
        this.before('Namespace', name, { sourceNamespace: source }),
      created: (_source, name, uid) => this.created('Namespace', name, uid),
      failed: (_source, name) => this.failed('Namespace', name),
    };
  }

  before(
    kind: OwnedObjectKind,
    name: string,
    extra: Pick<OwnedObject, 'provider' | 'sourceNamespace'> = {},
  ): Promise<void> {
    return this.store.recordObject({
      ...this.run,
      ...extra,
      kind,
      namespace: '',
      name,
    });
  }

  created(kind: OwnedObjectKind, name: string, uid: string): Promise<void> {
    return this.store.setObjectUid(this.key(kind, name), uid);
  }

  /** The create certainly made nothing (e.g. the name already existed). */
  failed(kind: OwnedObjectKind, name: string): Promise<void> {
    return this.store.releaseObject(this.key(kind, name));
  }

  private key(kind: OwnedObjectKind, name: string) {
    return { cluster: this.run.cluster, kind, namespace: '', name };
  }
}
