import type { ResourceRegistry } from '../api/resources';
import type { Clock } from '../clock';
import type { SimulatorContext, SimulatorTimings } from '../context';
import { FaultInjector } from '../faults/FaultInjector';
import { Behaviours } from '../scenario/behaviours';
import type { Scenario } from '../scenario/schema';
import { Admission } from '../store/admission';
import { ObjectStore } from '../store/ObjectStore';

export interface ContextOptions {
  registry: ResourceRegistry;
  scenario: Scenario;
  clock: Clock;
  timings: SimulatorTimings;
  log: (message: string) => void;
}

/**
 * The shared state of one simulator, with the scenario's job, exec and fault
 * rules installed. `stopTimers` cancels every timer set through the context
 * and refuses new ones, so a stopped simulator leaves nothing running.
 */
export function createContext({
  registry,
  scenario,
  clock,
  timings,
  log,
}: ContextOptions): { ctx: SimulatorContext; stopTimers(): void } {
  const store = new ObjectStore(registry, clock);
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const ctx: SimulatorContext = {
    registry,
    store,
    admission: new Admission(store),
    faults: new FaultInjector(),
    behaviours: new Behaviours(),
    clock,
    options: timings,
    subresources: new Map(),
    webSockets: new Map(),
    activeWatches: new Set(),
    log,
    setTimer(fn, ms) {
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) fn();
      }, ms);
      timers.add(timer);
    },
  };
  ctx.behaviours.jobRules = scenario.jobs;
  ctx.behaviours.execRules = scenario.exec;
  scenario.faults.forEach(rule => ctx.faults.add(rule));
  const stopTimers = () => {
    stopped = true;
    timers.forEach(timer => clearTimeout(timer));
    timers.clear();
  };
  return { ctx, stopTimers };
}
