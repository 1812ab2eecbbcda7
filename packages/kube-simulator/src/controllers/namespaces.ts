import type { SimulatorContext } from '../context';
import { ApiError, errors } from '../api/status';
import { rfc3339 } from '../store/ObjectStore';
import { kinds, Kinds } from './kinds';
import { behaviourAnnotations } from '../scenario/behaviours';
import { Controller } from './Controller';

const protectedNamespaces = new Set(['default', 'kube-system', 'kube-public']);

/** "configmaps. has 2 resource instances, ..." as the namespace controller words its conditions. */
function tally(keys: string[], verb: 'has' | 'in'): string {
  const counts = new Map<string, number>();
  keys.forEach(k => counts.set(k, (counts.get(k) ?? 0) + 1));
  return [...counts]
    .map(([k, n]) => `${k} ${verb} ${n} resource instances`)
    .join(', ');
}

/**
 * Namespace lifecycle: defaults on create (label, finalizer, `default`
 * ServiceAccount, `kube-root-ca.crt`), and asynchronous termination that
 * deletes everything inside before the namespace disappears.
 */
export class NamespaceController extends Controller {
  private readonly k: Kinds;

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly caCert: string,
  ) {
    super();
    this.k = kinds(ctx.registry);
    ctx.admission.onWrite((type, obj) => {
      if (type !== this.k.namespaces) return;
      obj.metadata.labels = {
        ...(obj.metadata.labels ?? {}),
        'kubernetes.io/metadata.name': obj.metadata.name,
      };
      obj.spec = { finalizers: ['kubernetes'], ...(obj.spec ?? {}) };
      if (!obj.status?.phase) obj.status = { phase: 'Active' };
    });
    ctx.admission.onDelete((type, _ns, name, preconditions) =>
      type === this.k.namespaces
        ? this.requestDeletion(name, preconditions)
        : undefined,
    );
    this.onStoreChange(ctx.store, e => {
      if (e.type === 'ADDED' && e.object.kind === 'Namespace')
        setImmediate(() => this.populate(e.object.metadata.name));
    });
  }

  private populate(ns: string) {
    const create = (type: typeof this.k.configmaps, body: any) => {
      try {
        this.ctx.store.create(type, ns, body);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    };
    create(this.k.serviceaccounts, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default' },
    });
    create(this.k.configmaps, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt',
        annotations: {
          'kubernetes.io/description':
            'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
        },
      },
      data: { 'ca.crt': this.caCert },
    });
  }

  requestDeletion(
    name: string,
    preconditions: { preconditionUid?: string; preconditionRv?: string } = {},
  ) {
    const current = this.ctx.store.mustGet(this.k.namespaces, undefined, name);
    // As the API server does for every kind: a delete aimed at another
    // incarnation of the name (uid) or revision is refused with 409.
    if (
      (preconditions.preconditionUid &&
        preconditions.preconditionUid !== current.metadata.uid) ||
      (preconditions.preconditionRv &&
        preconditions.preconditionRv !== current.metadata.resourceVersion)
    )
      throw errors.conflict('namespaces', '', name);
    if (protectedNamespaces.has(name)) {
      throw new ApiError(
        403,
        'Forbidden',
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        { name, kind: 'namespaces' },
      );
    }
    // Kubernetes 1.36 answers a repeated delete of a terminating namespace
    // with 200 and the namespace as it is (older releases answered 409).
    if (current.metadata.deletionTimestamp) return current;
    const updated = this.ctx.store.mutate(
      this.k.namespaces,
      undefined,
      name,
      ns => {
        ns.metadata.deletionTimestamp = rfc3339(this.ctx.clock.now());
        ns.status = { ...(ns.status ?? {}), phase: 'Terminating' };
      },
    )!;
    if (
      current.metadata.annotations?.[behaviourAnnotations.terminate] !== 'never'
    ) {
      this.ctx.setTimer(
        () => this.terminate(name, current.metadata.uid!),
        this.ctx.options.namespaceTerminationMs,
      );
    }
    return updated;
  }

  private terminate(name: string, uid: string) {
    const ns = this.ctx.store.get(this.k.namespaces, undefined, name);
    if (!ns || ns.metadata.uid !== uid) return;
    for (const { type, object } of this.ctx.store.listInNamespace(name)) {
      if (object.metadata.deletionTimestamp) continue;
      try {
        this.ctx.admission.delete(type, name, object.metadata.name, {});
      } catch {
        // already gone
      }
    }
    const remaining = this.ctx.store.listInNamespace(name);
    if (remaining.length > 0) {
      const now = rfc3339(this.ctx.clock.now());
      const withFinalizers = remaining.filter(
        r => (r.object.metadata.finalizers ?? []).length,
      );
      this.ctx.store.mutate(this.k.namespaces, undefined, name, n => {
        n.status = {
          phase: 'Terminating',
          conditions: [
            {
              type: 'NamespaceContentRemaining',
              status: 'True',
              reason: 'SomeResourcesRemain',
              message: `Some resources are remaining: ${tally(
                remaining.map(r => `${r.type.plural}.${r.type.group}`),
                'has',
              )}`,
              lastTransitionTime: now,
            },
            ...(withFinalizers.length
              ? [
                  {
                    type: 'NamespaceFinalizersRemaining',
                    status: 'True',
                    reason: 'SomeFinalizersRemain',
                    message: `Some content in the namespace has finalizers remaining: ${tally(
                      withFinalizers.flatMap(
                        r => r.object.metadata.finalizers ?? [],
                      ),
                      'in',
                    )}`,
                    lastTransitionTime: now,
                  },
                ]
              : []),
          ],
        };
      });
      this.ctx.setTimer(() => this.terminate(name, uid), 200);
      return;
    }
    // Finalize: with spec.finalizers empty the namespace is removed.
    this.ctx.store.mutate(this.k.namespaces, undefined, name, n => {
      n.spec = { ...(n.spec ?? {}), finalizers: [] };
    });
  }

  /** Namespaces every cluster starts with, plus Velero's. */
  bootstrap(extra: string[]) {
    for (const name of [
      'default',
      'kube-system',
      'kube-public',
      'kube-node-lease',
      ...extra,
    ]) {
      if (!this.ctx.store.get(this.k.namespaces, undefined, name)) {
        this.ctx.admission.create(
          this.k.namespaces,
          undefined,
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
          { dryRun: false },
        );
      }
    }
  }
}
