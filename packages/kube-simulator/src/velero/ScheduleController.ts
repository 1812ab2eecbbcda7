import { CronExpressionParser } from 'cron-parser';
import type { SimulatorContext } from '../context';
import { rfc3339 } from '../store/ObjectStore';
import { veleroKinds, VeleroKinds } from './VeleroTypes';
import { Controller } from '../controllers/Controller';
import { describeError } from '../describeError';

function timestampedName(schedule: string, ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${schedule}-${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(
    d.getUTCDate(),
  )}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** Schedules create a Backup from their template at every cron tick, named `<schedule>-YYYYMMDDhhmmss`. */
export class ScheduleController extends Controller {
  private readonly v: VeleroKinds;
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly veleroNamespace: string,
  ) {
    super();
    this.v = veleroKinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      if (
        e.object.kind !== 'Schedule' ||
        e.object.metadata.namespace !== veleroNamespace
      )
        return;
      const name = e.object.metadata.name;
      if (e.type === 'DELETED') this.cancel(name);
      else if (
        e.type === 'ADDED' ||
        (e.type === 'MODIFIED' &&
          e.object.metadata.generation !== e.object.status?.observedGeneration)
      ) {
        setImmediate(() => this.arm(name));
      }
    });
  }

  stop() {
    super.stop();
    for (const name of [...this.timers.keys()]) this.cancel(name);
  }

  private cancel(name: string) {
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
  }

  private arm(name: string) {
    this.cancel(name);
    const schedule = this.ctx.store.get(
      this.v.schedules,
      this.veleroNamespace,
      name,
    );
    if (!schedule) return;
    let next: number;
    try {
      next = CronExpressionParser.parse(schedule.spec?.schedule ?? '', {
        currentDate: new Date(this.ctx.clock.now()),
        tz: 'UTC',
      })
        .next()
        .getTime();
    } catch (e) {
      this.ctx.store.mutate(this.v.schedules, this.veleroNamespace, name, s => {
        s.status = {
          phase: 'FailedValidation',
          validationErrors: [`invalid schedule: ${describeError(e)}`],
          observedGeneration: s.metadata.generation,
        };
      });
      return;
    }
    this.ctx.store.mutate(this.v.schedules, this.veleroNamespace, name, s => {
      s.status = {
        ...(s.status ?? {}),
        phase: 'Enabled',
        observedGeneration: s.metadata.generation,
      };
    });
    if (schedule.spec?.paused) return;
    const delay = Math.max(0, next - this.ctx.clock.now());
    // Long timers are re-armed in steps so a clock change or stop() is honoured.
    const timer = setTimeout(
      () =>
        this.ctx.clock.now() >= next - 5
          ? this.fire(name, next)
          : this.arm(name),
      Math.min(delay, 3_600_000),
    );
    timer.unref();
    this.timers.set(name, timer);
  }

  private fire(name: string, at: number) {
    const schedule = this.ctx.store.get(
      this.v.schedules,
      this.veleroNamespace,
      name,
    );
    if (!schedule) return;
    const backupName = timestampedName(name, at);
    try {
      this.ctx.store.create(this.v.backups, this.veleroNamespace, {
        apiVersion: 'velero.io/v1',
        kind: 'Backup',
        metadata: {
          name: backupName,
          namespace: this.veleroNamespace,
          labels: {
            ...(schedule.spec?.template?.metadata?.labels ?? {}),
            'velero.io/schedule-name': name,
          },
        },
        spec: { ...(schedule.spec?.template ?? {}) },
      });
      this.ctx.store.mutate(this.v.schedules, this.veleroNamespace, name, s => {
        s.status = { ...(s.status ?? {}), lastBackup: rfc3339(at) };
      });
    } catch {
      // A backup with that name exists already; the next tick will try again.
    }
    this.arm(name);
  }
}
