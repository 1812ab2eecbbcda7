import type {
  LevelResult,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';
import type { PhaseTiming, RunFacts } from '../reports/reportFacts';

/**
 * What one run records as its phases go: how long each took, the levels
 * evaluated, the facts its report is built from, and what went wrong (the
 * report's detail). Phases write here as they learn, so a run that stops
 * part way still reports everything it got to.
 */
export class RunRecorder {
  readonly startedAt = new Date();
  readonly phases: PhaseTiming[] = [];
  readonly facts: RunFacts = { sandboxes: {}, checks: [] };
  private readonly reached: Partial<Record<ValidationLevelKey, LevelResult>> =
    {};
  private readonly problems: string[] = [];
  private stoppedBy?: 'environment' | 'backup';

  /** Runs `work` and records how long it took under `name`, whether it succeeds or throws. */
  async timed<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.phases.push({
        name,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      });
    }
  }

  note(facts: Partial<RunFacts>): void {
    Object.assign(this.facts, facts);
  }

  level(key: ValidationLevelKey, result: LevelResult): LevelResult {
    this.reached[key] = result;
    return result;
  }

  get levels(): Readonly<Partial<Record<ValidationLevelKey, LevelResult>>> {
    return this.reached;
  }

  /**
   * The run stopped early; `byEnvironment` when the cause is not the backup
   * (the result is then an error), else the backup failed (the result is a
   * fail, whatever the levels reached before add up to).
   */
  stopped(reason: string, byEnvironment: boolean): void {
    this.stoppedBy = byEnvironment ? 'environment' : 'backup';
    this.problem(reason);
  }

  /** Something the report's detail must mention; problems are listed in the order they happened. */
  problem(text: string): void {
    this.problems.push(text);
  }

  get error(): boolean {
    return this.stoppedBy === 'environment';
  }

  /** The backup stopped the run: it was not proven restorable (in the time allowed). */
  get failed(): boolean {
    return this.stoppedBy === 'backup';
  }

  get detail(): string | undefined {
    return this.problems.length ? this.problems.join('; ') : undefined;
  }
}
