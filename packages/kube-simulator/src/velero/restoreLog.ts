import type { RestoreMessages, RestoreResults } from './restoreResults';

export interface RestoreLogInput {
  /** `<velero namespace>/<restore name>`, as Velero tags each line. */
  restore: string;
  startedAt: string;
  finishedAt: string;
  /** `{"v1/ConfigMap": ["ns/name(created)"]}`, the restore's resource list. */
  resourceList: Record<string, string[]>;
  results: RestoreResults;
  /** The reason of a restore that failed as a whole. */
  failureReason?: string;
}

function line(time: string, level: string, msg: string, tail: string): string {
  return `time="${time}" level=${level} msg=${JSON.stringify(msg)} ${tail}\n`;
}

/** As Velero's restore controller logs its results: `Namespace ns, resource restore error: …`. */
function messages(
  bucket: RestoreMessages,
  kind: 'error' | 'warning',
): string[] {
  return [
    ...(bucket.velero ?? []).map(m => `Velero restore ${kind}: ${m}`),
    ...(bucket.cluster ?? []).map(
      m => `Cluster resource restore ${kind}: ${m}`,
    ),
    ...Object.entries(bucket.namespaces ?? {}).flatMap(([ns, list]) =>
      list.map(m => `Namespace ${ns}, resource restore ${kind}: ${m}`),
    ),
  ];
}

/**
 * The text of `restore-<name>-logs.gz` as Velero writes it: logrus lines
 * for the start, each item attempted and its outcome, the warnings and
 * errors of the results file, and the end.
 */
export function restoreLogText(input: RestoreLogInput): string {
  const tag = `restore=${input.restore}`;
  const { startedAt: start, finishedAt: end } = input;
  let text = line(
    start,
    'info',
    'starting restore',
    `logSource="pkg/controller/restore_controller.go:510" ${tag}`,
  );
  const entries = Object.entries(input.resourceList).flatMap(([key, list]) =>
    list.map(entry => ({ kind: key.slice(key.lastIndexOf('/') + 1), entry })),
  );
  entries.forEach(({ kind, entry }, i) => {
    const m = entry.match(/^(?:([^/]*)\/)?(.*)\((\w+)\)$/);
    if (!m) return;
    const [, namespace, name, outcome] = m;
    const where = `logSource="pkg/restore/restore.go:1497" namespace=${
      namespace ?? ''
    } ${tag}`;
    text += line(
      start,
      'info',
      `Attempting to restore ${kind}: ${name}`,
      where,
    );
    if (outcome === 'created' || outcome === 'updated')
      text += line(
        start,
        'info',
        `Restored ${i + 1} items out of an estimated total of ${
          entries.length
        } (estimate will change throughout the restore)`,
        `logSource="pkg/restore/restore.go:803" name=${name} ${tag}`,
      );
    else if (outcome === 'skipped')
      text += line(
        start,
        'info',
        `Skipping restore of ${kind}: ${name}`,
        where,
      );
  });
  for (const msg of messages(input.results.warnings, 'warning'))
    text += line(
      end,
      'warning',
      msg,
      `logSource="pkg/controller/restore_controller.go:601" ${tag}`,
    );
  for (const msg of messages(input.results.errors, 'error'))
    text += line(
      end,
      'error',
      msg,
      `logSource="pkg/controller/restore_controller.go:597" ${tag}`,
    );
  if (input.failureReason)
    text += line(
      end,
      'error',
      `restore failed: ${input.failureReason}`,
      `logSource="pkg/controller/restore_controller.go:570" ${tag}`,
    );
  text += line(
    end,
    'info',
    'restore completed',
    `logSource="pkg/controller/restore_controller.go:617" ${tag}`,
  );
  return text;
}
