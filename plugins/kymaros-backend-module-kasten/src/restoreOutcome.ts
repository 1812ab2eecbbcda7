import type {
  RestoreOutcome,
  RestoreTerminalPhase,
} from '@kymaros/plugin-kymaros-node';
import type { KastenObject } from './kastenApi';

/**
 * RestoreAction `status.state` values K10 ends in. `Complete` and `Failed`
 * are documented (docs.kasten.io/latest/api/actions); `Cancelled` is
 * expected but not confirmed. Anything else (`Pending`, `Running`, a value
 * this code does not know) is waited on, bounded by the caller's signal.
 */
export const TERMINAL_STATES = ['Complete', 'Failed', 'Cancelled'];

/** One sandbox's RestoreAction as last read, or gone. */
export interface ActionState {
  sandbox: string;
  action?: KastenObject;
  /** Attempts K10 reported as failed on `details` (`status.actionDetails.phases[]`). */
  failedAttempts?: string[];
}

export function isTerminal(state: ActionState): boolean {
  return !state.action || TERMINAL_STATES.includes(state.action.status?.state);
}

function phaseOf(states: string[]): RestoreTerminalPhase {
  const complete = states.filter(s => s === 'Complete').length;
  if (complete === states.length) return 'Completed';
  return complete > 0 ? 'PartiallyFailed' : 'Failed';
}

function earliest(values: (string | undefined)[]): string | undefined {
  return values.filter((v): v is string => !!v).sort()[0];
}

function latest(values: (string | undefined)[]): string | undefined {
  return values
    .filter((v): v is string => !!v)
    .sort()
    .pop();
}

/**
 * The outcome of a restore made of one RestoreAction per sandbox, all
 * terminal: Completed when every action is `Complete`, PartiallyFailed when
 * some are, Failed otherwise (an action deleted before it finished counts
 * as failed). Times are the actions' own: the earliest start (`startTime`,
 * else the object's creation) and the latest `endTime`; `observedAt` when no
 * action has one. Attempts that failed before K10 retried are warnings.
 */
export function restoreOutcome(
  states: ActionState[],
  observedAt: string,
): RestoreOutcome {
  const words = states.map(s => s.action?.status?.state ?? 'Deleted');
  const messages: string[] = [];
  let warnings = 0;
  for (const s of states) {
    const error = s.action?.status?.error?.message;
    if (!s.action)
      messages.push(
        `${s.sandbox}: the RestoreAction was deleted before it finished`,
      );
    else if (s.action.status?.state !== 'Complete')
      messages.push(
        `${s.sandbox}: ${error ?? `restore ${s.action.status?.state}`}`,
      );
    for (const attempt of s.failedAttempts ?? []) {
      if (s.action?.status?.state === 'Complete') warnings++;
      messages.push(`${s.sandbox}: ${attempt}`);
    }
  }
  const actions = states
    .map(s => s.action)
    .filter((a): a is KastenObject => !!a);
  return {
    phase: phaseOf(words),
    providerPhase: [...new Set(words)].join(', '),
    startedAt: earliest(
      actions.map(a => a.status?.startTime ?? a.metadata.creationTimestamp),
    ),
    completedAt: latest(actions.map(a => a.status?.endTime)) ?? observedAt,
    // One RestoreAction per namespace: the share restored is counted in namespaces.
    itemsTotal: states.length,
    itemsRestored: words.filter(w => w === 'Complete').length,
    errors: words.filter(w => w !== 'Complete').length,
    warnings,
    messages,
  };
}
