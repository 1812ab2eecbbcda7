import type * as k8s from '@kubernetes/client-node';
import type {
  BackupSchedule,
  ScheduledBackupOutcome,
} from '@kymaros/plugin-kymaros-node';
import {
  ACTIONS_GROUP,
  CONFIG_GROUP,
  LABELS,
  VERSION,
  type KastenObject,
} from './kastenApi';

/**
 * The application namespaces a policy selects by
 * `k10.kasten.io/appNamespace` (matchLabels, or matchExpressions with `In`;
 * docs.kasten.io/latest/api/policies). Other selectors are not interpreted:
 * the policy is shown only for namespaces it names this way.
 */
export function selectedNamespaces(policy: KastenObject): string[] {
  const selector = policy.spec?.selector ?? {};
  const named = new Set<string>();
  const label = selector.matchLabels?.[LABELS.appNamespace];
  if (typeof label === 'string') named.add(label);
  for (const e of selector.matchExpressions ?? []) {
    if (e?.key === LABELS.appNamespace && e.operator === 'In')
      (e.values ?? []).forEach((v: string) => named.add(v));
  }
  return [...named];
}

const retentionOrder = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'];

/** `spec.retention` counts (docs.kasten.io/latest/api/policies) as `keep 24 hourly, 7 daily`. */
export function retentionText(
  retention: Record<string, unknown> | undefined,
): string | undefined {
  const parts = retentionOrder
    .filter(k => typeof retention?.[k] === 'number')
    .map(k => `${retention![k]} ${k}`);
  return parts.length ? `keep ${parts.join(', ')}` : undefined;
}

function outcome(
  run: KastenObject | undefined,
): ScheduledBackupOutcome | undefined {
  if (!run) return undefined;
  const message = run.status?.error?.message;
  return {
    backup: run.metadata.name,
    at: run.status?.endTime ?? run.metadata.creationTimestamp ?? '',
    ...(message ? { reason: message } : {}),
  };
}

function newestWith(
  runs: KastenObject[],
  state: string,
): KastenObject | undefined {
  return runs
    .filter(r => r.status?.state === state)
    .sort((a, b) =>
      String(b.status?.endTime ?? '').localeCompare(
        String(a.status?.endTime ?? ''),
      ),
    )[0];
}

/**
 * K10 policies in its namespace that select any of `namespaces`, with the
 * last complete and failed run of each (RunActions whose subject is the
 * policy; docs.kasten.io/latest/api/actions). `spec.paused` and
 * `status.validation` are read as K10 8.x objects show them (unverified).
 */
export async function listKastenSchedules(
  custom: k8s.CustomObjectsApi,
  kastenNamespace: string,
  namespaces: string[],
): Promise<BackupSchedule[]> {
  const [policies, runs] = await Promise.all(
    (
      [
        [CONFIG_GROUP, 'policies'],
        [ACTIONS_GROUP, 'runactions'],
      ] as const
    ).map(
      ([group, plural]) =>
        custom.listNamespacedCustomObject({
          group,
          version: VERSION,
          namespace: kastenNamespace,
          plural,
        }) as Promise<{ items: KastenObject[] }>,
    ),
  );
  return policies.items.flatMap(policy => {
    const covered = selectedNamespaces(policy).filter(n =>
      namespaces.includes(n),
    );
    if (covered.length === 0) return [];
    const own = runs.items.filter(
      r =>
        r.spec?.subject?.kind === 'Policy' &&
        r.spec?.subject?.name === policy.metadata.name,
    );
    const validation = policy.status?.validation;
    const schedule: BackupSchedule = {
      provider: 'kasten',
      name: policy.metadata.name,
      namespace: kastenNamespace,
      kind: 'Policy',
      cron: policy.spec?.frequency,
      paused: policy.spec?.paused === true,
      retention: retentionText(policy.spec?.retention),
      namespaces: covered,
      lastSuccess: outcome(newestWith(own, 'Complete')),
      lastFailure: outcome(newestWith(own, 'Failed')),
      ...(validation === 'Failed'
        ? {
            problem:
              policy.status?.failureReason?.message ??
              'K10 failed to validate the policy',
          }
        : {}),
    };
    return [schedule];
  });
}
