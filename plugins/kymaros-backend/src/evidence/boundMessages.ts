import type {
  ContainerStateDetail,
  PodLogs,
  RunEvidence,
} from '@kymaros/plugin-kymaros-common';

/** Longest message kept (a status, a condition, a failed check, a restore warning, an event). */
export const MAX_MESSAGE = 1024;

/**
 * `text` cut to {@link MAX_MESSAGE} characters. Only for redacted text: a
 * Secret value cut in two is no longer found to redact, so its first half
 * would be kept.
 */
export function shortMessage(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

const shortDetail = (detail: ContainerStateDetail): ContainerStateDetail =>
  detail.message === undefined
    ? detail
    : { ...detail, message: shortMessage(detail.message) };

function shortPod(pod: PodLogs): PodLogs {
  return {
    ...pod,
    ...(pod.problem !== undefined
      ? { problem: shortMessage(pod.problem) }
      : {}),
    ...(pod.message !== undefined
      ? { message: shortMessage(pod.message) }
      : {}),
    ...(pod.conditions
      ? {
          conditions: pod.conditions.map(c =>
            c.message === undefined
              ? c
              : { ...c, message: shortMessage(c.message) },
          ),
        }
      : {}),
    ...(pod.containerStates
      ? {
          containerStates: pod.containerStates.map(c => ({
            ...c,
            state: shortDetail(c.state),
            ...(c.lastTermination
              ? { lastTermination: shortDetail(c.lastTermination) }
              : {}),
          })),
        }
      : {}),
  };
}

/** Every message of redacted evidence cut to {@link MAX_MESSAGE} characters. */
export function boundMessages(evidence: RunEvidence): RunEvidence {
  const { restore, checks } = evidence;
  return {
    ...evidence,
    podLogs: evidence.podLogs.map(shortPod),
    events: evidence.events.map(e => ({
      ...e,
      message: shortMessage(e.message),
    })),
    ...(checks
      ? {
          checks: checks.map(c => ({ ...c, message: shortMessage(c.message) })),
        }
      : {}),
    ...(restore
      ? {
          restore: {
            ...restore,
            warnings: restore.warnings.map(shortMessage),
            errors: restore.errors.map(shortMessage),
          },
        }
      : {}),
  };
}
