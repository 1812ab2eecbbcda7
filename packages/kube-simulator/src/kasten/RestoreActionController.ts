import type { SimulatorContext } from '../context';
import { Controller } from '../controllers/Controller';
import { behaviourAnnotations } from '../scenario/behaviours';
import { parseDuration } from '../scenario/duration';
import { rfc3339 } from '../store/ObjectStore';
import type { KubeObject } from '../store/types';
import type { KastenContents } from './KastenContents';
import { kastenKinds, type KastenKinds } from './KastenTypes';
import { restoreIntoTarget } from './restoreIntoTarget';

/** K10 retries a restore internally up to three times; the state stays Running meanwhile (docs.kasten.io usage/restore). */
export const MAX_ATTEMPTS = 3;
const PROGRESS_STEPS = [10, 40, 70];

export interface AttemptPhase {
  attempt: number;
  state: 'Running' | 'Complete' | 'Failed';
  startTime: string;
  endTime?: string;
  error?: { message: string };
}

/**
 * K10's restore worker as a double: a RestoreAction created with an empty
 * status goes `Pending`, then `Running` (progress 0–100, up to three
 * attempts, each recorded only on `/details`), then `Complete` or `Failed`
 * with `status.error`. Fault injection by annotation on the RestorePoint:
 * `sim.kymaros.io/restore-outcome` = `fail-once` (the first attempt fails),
 * `Failed` (every attempt fails, reason from `sim.kymaros.io/failure-reason`)
 * or `stuck` (stays Running); `sim.kymaros.io/restore-duration` sets how
 * long an attempt runs.
 */
export class RestoreActionController extends Controller {
  private readonly k: KastenKinds;
  private readonly attempts = new Map<string, AttemptPhase[]>();

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly contents: KastenContents,
  ) {
    super();
    this.k = kastenKinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      if (e.object.kind !== 'RestoreAction') return;
      const key = this.key(e.object);
      if (e.type === 'DELETED') this.attempts.delete(key);
      if (e.type === 'ADDED' && !e.object.status?.state)
        ctx.setTimer(() => this.start(e.object), this.stepMs());
    });
  }

  /** Per-attempt phases of an action, as `/details` serves them. */
  phases(namespace: string, name: string): AttemptPhase[] {
    return JSON.parse(
      JSON.stringify(this.attempts.get(`${namespace}/${name}`) ?? []),
    );
  }

  /** A controller step; with `sim.kymaros.io/restore-duration` on the RestorePoint, an attempt's progress steps span it. */
  private stepMs(action?: KubeObject) {
    const duration = action
      ? this.restorePoint(action)?.metadata.annotations?.[
          behaviourAnnotations.restoreDuration
        ]
      : undefined;
    try {
      if (duration) return parseDuration(duration) / PROGRESS_STEPS.length;
    } catch {
      // an unreadable duration: the default step
    }
    return this.ctx.options.veleroStepMs;
  }

  private key(o: KubeObject) {
    return `${o.metadata.namespace}/${o.metadata.name}`;
  }

  /** The action as stored now, if it is still the same object. */
  private current(action: KubeObject): KubeObject | undefined {
    const now = this.ctx.store.get(
      this.k.restoreActions,
      action.metadata.namespace,
      action.metadata.name,
    );
    return now?.metadata.uid === action.metadata.uid ? now : undefined;
  }

  private patch(action: KubeObject, status: Record<string, unknown>) {
    if (!this.current(action)) return;
    this.ctx.store.mutate(
      this.k.restoreActions,
      action.metadata.namespace,
      action.metadata.name,
      o => {
        o.status = { ...(o.status ?? {}), ...status };
      },
    );
  }

  private fail(action: KubeObject, message: string) {
    this.patch(action, {
      state: 'Failed',
      endTime: rfc3339(this.ctx.clock.now()),
      error: { message },
    });
  }

  /** Checks what K10 checks before it starts, then queues the first attempt. */
  private start(action: KubeObject) {
    if (!this.current(action)) return;
    const now = rfc3339(this.ctx.clock.now());
    this.patch(action, { state: 'Pending', progress: 0 });
    const problem = this.validate(action);
    if (problem) {
      this.patch(action, { startTime: now });
      this.fail(action, problem);
      return;
    }
    this.ctx.setTimer(() => {
      this.patch(action, {
        state: 'Running',
        startTime: rfc3339(this.ctx.clock.now()),
      });
      this.attempt(action, 1);
    }, this.stepMs());
  }

  private validate(action: KubeObject): string | undefined {
    const spec = action.spec ?? {};
    const target = spec.targetNamespace;
    // A third-party runbook and every documented example keep the action in its target namespace.
    if (target && target !== action.metadata.namespace)
      return `targetNamespace ${target} differs from the RestoreAction's namespace ${action.metadata.namespace}`;
    const subject = spec.subject ?? {};
    if (subject.kind !== 'RestorePoint' || !subject.name || !subject.namespace)
      return 'spec.subject must name a RestorePoint with its namespace';
    const rp = this.restorePoint(action);
    if (!rp)
      return `RestorePoint ${subject.namespace}/${subject.name} not found`;
    const content = rp.spec?.restorePointContentRef?.name;
    if (!content || !this.contents.get(content))
      return `RestorePointContent for ${subject.namespace}/${subject.name} has no data`;
    return undefined;
  }

  private restorePoint(action: KubeObject): KubeObject | undefined {
    const subject = action.spec?.subject ?? {};
    return this.ctx.store.get(
      this.k.restorePoints,
      subject.namespace,
      subject.name,
    );
  }

  private record(action: KubeObject, phase: AttemptPhase) {
    const list = this.attempts.get(this.key(action)) ?? [];
    const i = list.findIndex(p => p.attempt === phase.attempt);
    if (i >= 0) list[i] = phase;
    else list.push(phase);
    this.attempts.set(this.key(action), list);
  }

  /** One attempt: progress in steps, then the objects are written, then the attempt ends. */
  private attempt(action: KubeObject, n: number, step = 0) {
    if (!this.current(action)) return;
    const rp = this.restorePoint(action);
    const outcome =
      rp?.metadata.annotations?.[behaviourAnnotations.restoreOutcome];
    if (step === 0)
      this.record(action, {
        attempt: n,
        state: 'Running',
        startTime: rfc3339(this.ctx.clock.now()),
      });
    if (outcome === 'stuck' && step === 1) return; // never comes back
    if (step < PROGRESS_STEPS.length) {
      this.patch(action, { progress: PROGRESS_STEPS[step] });
      this.ctx.setTimer(
        () => this.attempt(action, n, step + 1),
        this.stepMs(action),
      );
      return;
    }
    const message = this.attemptError(action, rp, outcome, n);
    const endTime = rfc3339(this.ctx.clock.now());
    const started = this.attempts
      .get(this.key(action))!
      .find(p => p.attempt === n)!;
    if (!message) {
      this.record(action, { ...started, state: 'Complete', endTime });
      this.patch(action, { state: 'Complete', progress: 100, endTime });
      return;
    }
    this.record(action, {
      ...started,
      state: 'Failed',
      endTime,
      error: { message },
    });
    if (n >= MAX_ATTEMPTS) this.fail(action, message);
    else this.ctx.setTimer(() => this.attempt(action, n + 1), this.stepMs());
  }

  /** Why attempt `n` failed, after writing what it could; undefined when it succeeded. */
  private attemptError(
    action: KubeObject,
    rp: KubeObject | undefined,
    outcome: string | undefined,
    n: number,
  ): string | undefined {
    const reason =
      rp?.metadata.annotations?.[behaviourAnnotations.failureReason] ??
      'simulated restore failure';
    if (outcome === 'Failed' || (outcome === 'fail-once' && n === 1))
      return reason;
    const items =
      this.contents.get(rp?.spec?.restorePointContentRef?.name ?? '') ?? [];
    const result = restoreIntoTarget(
      this.ctx,
      items,
      action.spec.subject.namespace,
      action.metadata.namespace!,
      action.spec?.filters?.excludeResources ?? [],
      action.spec?.transforms ?? [],
    );
    return result.errors.length ? result.errors.join('; ') : undefined;
  }
}
