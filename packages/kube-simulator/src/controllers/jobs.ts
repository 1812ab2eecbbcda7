import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import { randomSuffix, rfc3339 } from '../store/ObjectStore';
import { kinds, Kinds } from './kinds';
import { WorkQueue } from './Reconciler';
import type { PodLifecycle } from './pods';
import { Controller } from './Controller';

/**
 * Jobs run one pod at a time; its exit code comes from the scenario's job
 * rules (image / command / namespace) or the pod template's annotations.
 * Failures are retried up to `backoffLimit`, then the Job fails.
 */
export class JobController extends Controller {
  private readonly k: Kinds;
  private readonly queue = new WorkQueue();

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly pods: PodLifecycle,
  ) {
    super();
    this.k = kinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      const o = e.object;
      if (o.kind === 'Job' && e.type !== 'DELETED')
        this.enqueue(o.metadata.namespace!, o.metadata.name);
      if (o.kind === 'Pod') {
        const owner = (o.metadata.ownerReferences ?? []).find(
          r => r.kind === 'Job',
        );
        if (owner) this.enqueue(o.metadata.namespace!, owner.name);
        if (
          owner &&
          e.type === 'MODIFIED' &&
          o.status?.phase === 'Running' &&
          !o.metadata.annotations?.['sim.kymaros.io/job-scheduled']
        ) {
          this.scheduleFinish(o);
        }
      }
    });
  }

  stop() {
    super.stop();
    this.queue.stop();
  }

  private enqueue(ns: string, name: string) {
    this.queue.enqueue(`${ns}/${name}`, () => this.reconcile(ns, name));
  }

  private scheduleFinish(pod: KubeObject) {
    const ns = pod.metadata.namespace!;
    const c = pod.spec?.containers?.[0] ?? {};
    const command = [...(c.command ?? []), ...(c.args ?? [])];
    const nsObj = this.ctx.store.get(this.k.namespaces, undefined, ns);
    const sourceNs = nsObj?.metadata.labels?.['kymaros.io/test-namespace'];
    const rule = this.ctx.behaviours.jobAnswer(c.image, command, [
      ns,
      ...(sourceNs ? [sourceNs] : []),
    ]);
    const annotated = pod.metadata.annotations?.['sim.kymaros.io/exit-code'];
    const exitCode =
      rule?.exitCode ?? (annotated !== undefined ? Number(annotated) : 0);
    const log =
      rule?.log ?? pod.metadata.annotations?.['sim.kymaros.io/log'] ?? '';
    this.ctx.store.mutate(this.k.pods, ns, pod.metadata.name, p => {
      p.metadata.annotations = {
        ...(p.metadata.annotations ?? {}),
        'sim.kymaros.io/job-scheduled': 'true',
        ...(log ? { 'sim.kymaros.io/log': log } : {}),
      };
    });
    this.ctx.setTimer(
      () => this.pods.finish(ns, pod.metadata.name, exitCode),
      rule?.durationMs ?? this.ctx.options.jobRunMs,
    );
  }

  private reconcile(ns: string, name: string) {
    const job = this.ctx.store.get(this.k.jobs, ns, name);
    if (!job || job.metadata.deletionTimestamp) return;
    const conditions = (job.status?.conditions ?? []) as any[];
    if (
      conditions.some(
        c =>
          (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
      )
    )
      return;
    const pods = this.ctx.store
      .list(this.k.pods, ns)
      .filter(p =>
        p.metadata.ownerReferences?.some(r => r.uid === job.metadata.uid),
      );
    const succeeded = pods.filter(p => p.status?.phase === 'Succeeded').length;
    const failed = pods.filter(p => p.status?.phase === 'Failed').length;
    const active = pods.filter(
      p => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
    ).length;
    const now = rfc3339(this.ctx.clock.now());
    const backoffLimit = job.spec?.backoffLimit ?? 6;
    const deadline = job.spec?.activeDeadlineSeconds;
    const startTime = job.status?.startTime ?? now;
    const cond = (type: string, reason?: string, message?: string) => ({
      type,
      status: 'True',
      lastProbeTime: now,
      lastTransitionTime: now,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {}),
    });
    const setStatus = (s: Record<string, unknown>) =>
      this.ctx.store.mutate(this.k.jobs, ns, name, j => {
        j.status = { ...(j.status ?? {}), ...s };
      });
    if (succeeded >= (job.spec?.completions ?? 1)) {
      setStatus({
        active: 0,
        succeeded,
        failed,
        ready: 0,
        completionTime: now,
        conditions: [
          cond(
            'SuccessCriteriaMet',
            'CompletionsReached',
            'Reached expected number of succeeded pods',
          ),
          cond(
            'Complete',
            'CompletionsReached',
            'Reached expected number of succeeded pods',
          ),
        ],
      });
      return;
    }
    if (
      deadline &&
      this.ctx.clock.now() - Date.parse(startTime) > deadline * 1000
    ) {
      pods
        .filter(p => !['Succeeded', 'Failed'].includes(p.status?.phase))
        .forEach(p =>
          this.ctx.admission.delete(this.k.pods, ns, p.metadata.name, {}),
        );
      setStatus({
        active: 0,
        failed,
        conditions: [
          cond(
            'FailureTarget',
            'DeadlineExceeded',
            'Job was active longer than specified deadline',
          ),
          cond(
            'Failed',
            'DeadlineExceeded',
            'Job was active longer than specified deadline',
          ),
        ],
      });
      return;
    }
    if (failed > backoffLimit) {
      setStatus({
        active: 0,
        succeeded,
        failed,
        ready: 0,
        conditions: [
          cond(
            'FailureTarget',
            'BackoffLimitExceeded',
            'Job has reached the specified backoff limit',
          ),
          cond(
            'Failed',
            'BackoffLimitExceeded',
            'Job has reached the specified backoff limit',
          ),
        ],
      });
      return;
    }
    if (active === 0) {
      const tpl = job.spec?.template ?? {};
      const labels = {
        ...(tpl.metadata?.labels ?? {}),
        'batch.kubernetes.io/controller-uid': job.metadata.uid!,
        'batch.kubernetes.io/job-name': name,
        'controller-uid': job.metadata.uid!,
        'job-name': name,
      };
      this.ctx.store.create(this.k.pods, ns, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${name}-${randomSuffix()}`,
          namespace: ns,
          labels,
          annotations: { ...(tpl.metadata?.annotations ?? {}) },
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'Job',
              name,
              uid: job.metadata.uid!,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: { serviceAccountName: 'default', ...(tpl.spec ?? {}) },
      });
      if (deadline)
        this.ctx.setTimer(() => this.enqueue(ns, name), deadline * 1000 + 50);
    }
    setStatus({
      active: Math.max(active, 1),
      succeeded,
      failed,
      startTime,
      ready: 0,
    });
  }
}
