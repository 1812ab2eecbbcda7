import type { PodLogs, RunEvidence } from './evidence';
import type { ValidationLevelKey } from './scoring';
import type { RestoreReport } from './types';
import { MANAGED_BY_VALUE, SANDBOX_LABELS } from './annotations';
import { providerTitle, providerVocabulary } from './providerVocabulary';

/**
 * A concrete next step for one class of failure, as "What to fix" shows it.
 *
 * @public
 */
export interface Remedy {
  /** What went wrong, in one line naming the object. */
  title: string;
  /** What to do, in order. */
  steps: string[];
  /** YAML to copy (a Velero Schedule, a webhook's namespaceSelector). */
  snippet?: string;
  /** The last lines the failing container logged, when the run kept them. */
  logTail?: string;
  /** Where on the Restore tab the evidence is: an element id, without `#`. */
  evidenceAnchor?: string;
  /** The level the failure cost points in. */
  level?: ValidationLevelKey;
}

/**
 * The evidence section of the Restore tab: a link to it always works.
 *
 * @public
 */
export const EVIDENCE_ANCHOR = 'kymaros-evidence';

/**
 * The element id of one pod's evidence on the Restore tab.
 *
 * @public
 */
export function podEvidenceAnchor(namespace: string, podName: string): string {
  return `${EVIDENCE_ANCHOR}-pod-${namespace}-${podName}`;
}

/** Log lines a remedy quotes. */
const LOG_TAIL_LINES = 10;

/** What the rules read: the texts a report carries, each with the level it belongs to. */
interface Facts {
  report: RestoreReport;
  evidence?: RunEvidence;
  texts: { text: string; level?: ValidationLevelKey }[];
}

type Rule = (facts: Facts) => Remedy[];

function factsOf(report: RestoreReport, evidence?: RunEvidence): Facts {
  const { status } = report;
  const levels = status.validationLevels ?? {};
  const texts: Facts['texts'] = [
    ...Object.entries(levels)
      .filter(([, l]) => l && l.status !== 'pass')
      .map(([key, l]) => ({
        text: l.detail,
        level: key as ValidationLevelKey,
      })),
    ...(status.checks ?? [])
      .filter(c => c.status === 'fail')
      .map(c => ({ text: c.message, level: 'internalHealth' as const })),
    ...(status.detail ? [{ text: status.detail }] : []),
  ];
  return { report, evidence, texts };
}

/** The reasons a kept pod's containers give: waiting, terminated, and how the last instance ended. */
function containerReasons(pod: PodLogs): string[] {
  return (pod.containerStates ?? []).flatMap(c =>
    [c.state.reason, c.lastTermination?.reason].filter((r): r is string => !!r),
  );
}

/**
 * Pods failing for `reason`: from the state the run kept of each pod when the
 * evidence is given, else from the texts that name them (`Pod orders-postgres-0 … OOMKilled`).
 */
function podsWith(facts: Facts, reason: RegExp) {
  const found = new Map<string, ValidationLevelKey | undefined>();
  for (const pod of facts.evidence?.podLogs ?? []) {
    const scheduling = (pod.conditions ?? [])
      .filter(c => c.status === 'False')
      .map(c => `${c.reason ?? ''} ${c.message ?? ''}`);
    if (
      pod.ready !== true &&
      [...containerReasons(pod), ...scheduling].some(r => reason.test(r))
    )
      found.set(pod.podName, 'podStartup');
  }
  for (const { text, level } of facts.texts) {
    for (const clause of text.split(/;\s+/)) {
      const pod = /\bPod ([a-z0-9][a-z0-9.-]*)/.exec(clause)?.[1];
      if (pod && reason.test(clause) && !found.has(pod)) found.set(pod, level);
    }
  }
  return [...found].map(([pod, level]) => ({ pod, level }));
}

/** Where a pod's evidence is, and the tail of what it logged last (the instance that died first). */
function podEvidence(facts: Facts, pod: string) {
  const logs = facts.evidence?.podLogs.find(p => p.podName === pod);
  if (!logs) return { evidenceAnchor: EVIDENCE_ANCHOR };
  const container =
    logs.containers.find(c => c.type === 'previous' && c.log.trim()) ??
    logs.containers.find(c => c.log.trim());
  const logTail = container?.log.trimEnd().split('\n').slice(-LOG_TAIL_LINES);
  return {
    evidenceAnchor: podEvidenceAnchor(logs.namespace, pod),
    ...(logTail ? { logTail: logTail.join('\n') } : {}),
  };
}

const oomKilled: Rule = facts =>
  podsWith(facts, /OOMKilled/).map(({ pod, level }) => ({
    title: `Pod ${pod} was OOMKilled: a container used more memory than its limit`,
    steps: [
      `Compare the container's resources.limits.memory with what it needs while starting from a backup (a database replaying its log needs more than at rest).`,
      `A container without its own limit gets the sandbox's default (sandbox.limitRange.defaultMemory), and all the sandbox's pods share sandbox.resourceQuota.memory: raise them in the RestoreTest (or kymaros.sandbox in app-config) when they are below production's.`,
      `If the limit in the backup is too low for production too, raise it in the workload's manifest; the next backup carries it.`,
    ],
    ...podEvidence(facts, pod),
    level: level ?? 'podStartup',
  }));

const crashLoop: Rule = facts => {
  const oom = new Set(podsWith(facts, /OOMKilled/).map(p => p.pod));
  return podsWith(facts, /CrashLoopBackOff|exited with code|exit code/)
    .filter(({ pod }) => !oom.has(pod))
    .map(({ pod, level }) => ({
      title: `Pod ${pod} keeps crashing (CrashLoopBackOff)`,
      steps: [
        `Read the log of the instance that crashed (below, and in the evidence): it usually names what is missing.`,
        `Common causes after a restore: a Secret or ConfigMap that did not come back (see Completeness), a host name that only resolves in production, a migration that expects an empty database.`,
      ],
      ...podEvidence(facts, pod),
      level: level ?? 'podStartup',
    }));
};

const imagePull: Rule = facts =>
  podsWith(facts, /ImagePullBackOff|ErrImagePull/).map(({ pod, level }) => ({
    title: `Pod ${pod} cannot pull its image`,
    steps: [
      `Check that the registry credentials came back: the imagePullSecrets Secret (type kubernetes.io/dockerconfigjson) must be in the backup and restored (see Completeness).`,
      `Check that the image tag still exists: tags deleted or overwritten since the backup break every restore of it.`,
      `Check that the sandbox's nodes may reach the registry (NetworkPolicies do not block pulls; node egress does).`,
    ],
    ...podEvidence(facts, pod),
    level: level ?? 'podStartup',
  }));

const QUOTA =
  /exceeded quota|forbidden: exceeded|Insufficient (cpu|memory)|Unschedulable|never created/i;

const unschedulable: Rule = facts => {
  const pods = podsWith(facts, QUOTA);
  const events = (facts.evidence?.events ?? []).filter(
    e =>
      /FailedCreate|FailedScheduling/.test(e.reason) && QUOTA.test(e.message),
  );
  const neverCreated = facts.texts.filter(t => /never created/.test(t.text));
  if (pods.length === 0 && events.length === 0 && neverCreated.length === 0)
    return [];
  const quota = events.some(e => /quota/i.test(e.message));
  const names = pods.map(p => p.pod);
  return [
    {
      title: `${
        names.length
          ? `Pod${names.length > 1 ? 's' : ''} ${names.join(', ')}`
          : 'Pods'
      } could not be ${
        quota ? 'created within the sandbox quota' : 'scheduled'
      }`,
      steps: [
        `The sandbox's pods together may use at most sandbox.resourceQuota (cpu, memory, pods): raise it in the RestoreTest (or kymaros.sandbox in app-config) to at least what the workloads request, or set resourceQuota.auto: true to size it from the backup's requests (capped by kymaros.sandbox.autoQuotaMax).`,
        `A pod that stays Pending with Insufficient cpu or memory needs more room in the restore cluster, or node selectors and tolerations that match its nodes.`,
        ...events
          .slice(0, 2)
          .map(e => `${e.involvedObject}: ${e.reason}: ${e.message}`),
      ],
      evidenceAnchor: EVIDENCE_ANCHOR,
      level: pods[0]?.level ?? 'podStartup',
    },
  ];
};

/** `admission webhook "x" denied the request: why`, as the API server words it. */
const WEBHOOK = /admission webhook "([^"]+)" denied the request:?\s*([^;]*)/;
/** `ValidatingAdmissionPolicy 'x' with binding 'y' denied request: why`. */
const POLICY =
  /ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)' denied request:?\s*([^;]*)/;

/** The texts a denial may be found in: the report's own and the restore's evidence. */
function denialTexts(facts: Parameters<Rule>[0]) {
  return [
    ...facts.texts,
    ...[
      ...(facts.evidence?.restore?.errors ?? []),
      ...(facts.evidence?.restore?.warnings ?? []),
      ...(facts.evidence?.events ?? []).map(e => e.message),
    ].map(text => ({ text, level: undefined })),
  ];
}

/** Said wherever sandboxes are to be exempted by their label. */
const LABEL_IS_NO_BOUNDARY = `A namespace label is no boundary on its own: anyone who may create or label namespaces could set it to escape the policy. Let only the Kymaros backend's identity set it (for example with a ValidatingAdmissionPolicy on namespaces) before exempting it.`;

const policyDenial: Rule = facts => {
  const seen = new Map<string, { binding: string; why: string }>();
  for (const { text } of denialTexts(facts)) {
    const m = POLICY.exec(text);
    if (m && !seen.has(m[1]))
      seen.set(m[1], { binding: m[2], why: m[3].trim() });
  }
  return [...seen].map(([policy, { binding, why }]) => ({
    title: `Admission policy ${policy} refused restored objects${
      why ? `: ${why}` : ''
    }`,
    steps: [
      `A real restore meets this policy too unless its binding leaves the production namespace out: if it would refuse these objects in a disaster, fix them in production so that the next backup passes it.`,
      `If the policy is meant only for new workloads, leave the sandboxes out of its binding ${binding}: they carry the label ${SANDBOX_LABELS.managedBy}=${MANAGED_BY_VALUE}.`,
      LABEL_IS_NO_BOUNDARY,
    ],
    snippet: [
      `# in the ValidatingAdmissionPolicyBinding ${binding}`,
      `spec:`,
      `  matchResources:`,
      `    namespaceSelector:`,
      `      matchExpressions:`,
      `        - key: ${SANDBOX_LABELS.managedBy}`,
      `          operator: NotIn`,
      `          values: [${MANAGED_BY_VALUE}]`,
    ].join('\n'),
    evidenceAnchor: EVIDENCE_ANCHOR,
    level: 'restoreIntegrity',
  }));
};

const webhookDenial: Rule = facts => {
  const seen = new Map<string, { why: string; level?: ValidationLevelKey }>();
  for (const { text, level } of denialTexts(facts)) {
    const m = WEBHOOK.exec(text);
    if (m && !seen.has(m[1])) seen.set(m[1], { why: m[2].trim(), level });
  }
  return [...seen].map(([webhook, { why, level }]) => ({
    title: `Admission webhook ${webhook} refused restored objects${
      why ? `: ${why}` : ''
    }`,
    steps: [
      `A real restore meets this webhook too unless it exempts the production namespace: if it would refuse these objects in a disaster, fix them in production so that the next backup passes it.`,
      `If the policy is meant only for new workloads, exempt the sandboxes, which carry the label ${SANDBOX_LABELS.managedBy}=${MANAGED_BY_VALUE}, with a namespaceSelector (or your policy engine's namespace exclusion).`,
      LABEL_IS_NO_BOUNDARY,
    ],
    snippet: [
      `# in the ValidatingWebhookConfiguration (or Mutating…) of ${webhook}`,
      `webhooks:`,
      `  - name: ${webhook}`,
      `    namespaceSelector:`,
      `      matchExpressions:`,
      `        - key: ${SANDBOX_LABELS.managedBy}`,
      `          operator: NotIn`,
      `          values: [${MANAGED_BY_VALUE}]`,
    ].join('\n'),
    evidenceAnchor: EVIDENCE_ANCHOR,
    level: level ?? 'restoreIntegrity',
  }));
};

/** Provider errors a remedy quotes, at most. */
const PROVIDER_ERRORS = 3;

const partiallyFailed: Rule = ({ report, evidence }) => {
  const level = report.status.validationLevels?.restoreIntegrity;
  if (!level || !/partially failed/i.test(level.detail)) return [];
  // The provider's own list when the run kept it, else the first error the detail quotes.
  const kept = evidence?.restore?.errors ?? [];
  const quoted = level.detail.split(/without error:\s*/)[1];
  const errors = kept.length ? kept.slice(0, PROVIDER_ERRORS) : [quoted];
  return [
    {
      title: `The restore partially failed: ${providerTitle(
        report.status.provider ?? 'the provider',
      )} could not restore every item`,
      steps: [
        ...errors.filter(Boolean).map(e => `The provider's own error: ${e}`),
        `Read the restore's warnings and errors in the evidence for every item it could not restore, then fix the cause (a policy refusing the object, a kind the cluster does not know, a conflicting cluster-wide object).`,
      ],
      evidenceAnchor: EVIDENCE_ANCHOR,
      level: 'restoreIntegrity',
    },
  ];
};

/** `No eligible velero backup covers namespace reports: nothing to restore`. */
const NO_BACKUP = /No eligible (\S+) backup covers namespaces? ([^:]+):/;

const noBackup: Rule = ({ report }) => {
  const m = NO_BACKUP.exec(report.status.detail ?? '');
  if (!m) return [];
  const namespaces = m[2]
    .split(/,\s*|\s+and\s+/)
    .map(n => n.trim())
    .filter(Boolean);
  const vocabulary = providerVocabulary(m[1]);
  const plural = namespaces.length > 1 ? 's' : '';
  return [
    {
      title: `No ${providerTitle(m[1])} backup covers ${namespaces.join(
        ', ',
      )}: there was nothing to restore`,
      steps: [
        vocabulary
          ? `Back the namespace${plural} up on a schedule, for example with ${vocabulary.scheduleName}, and run the test once its first backup completed.`
          : `Back the namespace${plural} up on a schedule, and run the test once its first backup completed.`,
        `Only backups the provider finished are restored; a failed backup does not count.`,
      ],
      ...(vocabulary
        ? { snippet: vocabulary.scheduleSnippet(namespaces) }
        : {}),
      level: 'restoreIntegrity',
    },
  ];
};

/** ` (velero backup get)`: how to list the test's backups, when the tool is known. */
function listCommand(report: RestoreReport): string {
  const vocabulary = providerVocabulary(report.status.provider);
  const namespace = report.status.sandboxes?.[0]?.source ?? '<namespace>';
  return vocabulary ? ` (${vocabulary.listBackups(namespace)})` : '';
}

/** ` (velero backup describe <backup> --details)`: how to see what a backup holds, when the tool is known. */
function describeCommand(report: RestoreReport): string {
  const vocabulary = providerVocabulary(report.status.provider);
  return vocabulary ? ` (${vocabulary.describeBackup})` : '';
}

const staleBackup: Rule = ({ report }) => {
  const rpo = report.status.rpo;
  if (!rpo || rpo.withinTarget || !rpo.target) return [];
  return [
    {
      title: `The backup was ${rpo.backupAge} old, over its ${rpo.target} RPO target`,
      steps: [
        `Back up at least every ${rpo.target}: check the schedule that covers these namespaces.`,
        `Check that the latest scheduled backups did not fail${listCommand(
          report,
        )}: only a finished one is restored.`,
      ],
    },
  ];
};

/** Missing objects, one remedy per kind. */
const missingObjects: Rule = ({ report }) => {
  const { status } = report;
  const byKind = new Map<string, string[]>();
  if (status.completenessDetail) {
    for (const d of status.completenessDetail)
      for (const name of d.missing)
        byKind.set(d.kind, [
          ...(byKind.get(d.kind) ?? []),
          `${d.namespace}/${name}`,
        ]);
  } else {
    const level = status.validationLevels?.completeness;
    // Older reports list the missing as `namespace/Kind/name` under notTested.
    let missing = level?.failed ?? [];
    if (!missing.length && level?.status === 'fail') missing = level.notTested;
    for (const item of missing) {
      const [namespace, kind, ...name] = item.split('/');
      if (name.length)
        byKind.set(kind, [
          ...(byKind.get(kind) ?? []),
          `${namespace}/${name.join('/')}`,
        ]);
    }
  }
  return [...byKind].map(([kind, names]) => ({
    title: `${names.length} ${kind}${
      names.length > 1 ? 's' : ''
    } missing from the sandbox: ${names.join(', ')}`,
    steps: [
      `Check whether the backup holds ${
        names.length > 1 ? 'them' : 'it'
      }${describeCommand(
        report,
      )}: a label selector or the kinds it includes or excludes may leave ${
        names.length > 1 ? 'them' : 'it'
      } out.`,
      `If the backup holds ${
        names.length > 1 ? 'them' : 'it'
      }, the restore refused ${
        names.length > 1 ? 'them' : 'it'
      }: the restore's warnings and errors in the evidence name the cause.`,
      ...(kind === 'Secret'
        ? [
            `A Secret created by an operator (External Secrets, cert-manager) after the backup comes back only if that operator runs in the sandbox too.`,
          ]
        : []),
    ],
    evidenceAnchor: EVIDENCE_ANCHOR,
    level: 'completeness',
  }));
};

/**
 * The sentence a run stops with when a sandbox quota is too small for the
 * backup's workloads (the backend's `resolveSandboxQuota`): the namespace,
 * which bound, and `key value` pairs of the quota needed.
 */
const QUOTA_SHORTFALL =
  /The workloads of namespace (\S+) request .+? in all, above (the sandbox quota|the automatic quota's cap) \(.*?\): raise .+? to at least ([a-z]+ [^,;\s]+(?:, [a-z]+ [^,;\s]+)*)/g;

/** The quota needed as YAML under `path`: a bare CPU count quoted, as app-config reads quantities as strings. */
function quotaSnippet(path: string[], needed: string): string {
  const lines = path.map((key, depth) => `${'  '.repeat(depth)}${key}:`);
  const indent = '  '.repeat(path.length);
  for (const pair of needed.split(', ')) {
    const [key, value] = pair.split(' ');
    lines.push(
      `${indent}${key}: ${
        key !== 'pods' && /^[\d.]+$/.test(value) ? `"${value}"` : value
      }`,
    );
  }
  return lines.join('\n');
}

const LOWER_REQUESTS = `If the workloads request far more than they use, lower their requests and limits in production: the next backup carries them.`;

/** The remedy for one namespace: raise the test's quota, or the installation's cap on automatic ones. */
function quotaRemedy(
  namespace: string,
  capped: boolean,
  needed: string,
): Remedy {
  if (capped)
    return {
      title: `The workloads of namespace ${namespace} request more than kymaros.sandbox.autoQuotaMax lets an automatic quota give: at least ${needed}`,
      steps: [
        `Raise kymaros.sandbox.autoQuotaMax in app-config to at least ${needed}: it caps every automatic quota of this installation.`,
        `Or write these values in spec.sandbox.resourceQuota beside auto: true: values a test writes are a floor the cap does not lower.`,
        LOWER_REQUESTS,
      ],
      snippet: quotaSnippet(['kymaros', 'sandbox', 'autoQuotaMax'], needed),
    };
  return {
    title: `The workloads of namespace ${namespace} request more than the sandbox quota: at least ${needed}`,
    steps: [
      `Raise spec.sandbox.resourceQuota in the RestoreTest to at least ${needed} (a test that sets none takes kymaros.sandbox.resourceQuota from app-config).`,
      `Or set spec.sandbox.resourceQuota.auto: true: each run sizes the quota from the backup's requests with 25% headroom, up to kymaros.sandbox.autoQuotaMax; values written beside it are a floor.`,
      LOWER_REQUESTS,
    ],
    snippet: quotaSnippet(['spec', 'sandbox', 'resourceQuota'], needed),
  };
}

/** One remedy per namespace whose workloads the run found too large for their sandbox quota. */
const quotaShortfall: Rule = ({ texts }) => {
  const found = new Map<string, Remedy>();
  for (const { text } of texts)
    for (const [, namespace, bound, needed] of text.matchAll(QUOTA_SHORTFALL))
      if (!found.has(namespace))
        found.set(
          namespace,
          quotaRemedy(namespace, bound !== 'the sandbox quota', needed),
        );
  return [...found.values()];
};

/** In the order "What to fix" shows them: the backup and the sandbox's room, the restore, then objects, then pods, then the backup's age. */
const RULES: Rule[] = [
  noBackup,
  quotaShortfall,
  partiallyFailed,
  webhookDenial,
  policyDenial,
  missingObjects,
  oomKilled,
  crashLoop,
  imagePull,
  unschedulable,
  staleBackup,
];

/**
 * Concrete next steps for the failures a report (and what its run kept)
 * shows: OOMKilled, crash loops, image pulls, quota and scheduling, a
 * sandbox quota too small for the backup's workloads, admission
 * webhooks, partially failed restores, no backup, a backup older than its
 * RPO target, missing objects. Rules match the report's structured facts
 * where it has them and the level details' and checks' words where not.
 *
 * @public
 */
export function remediesFor(
  report: RestoreReport,
  evidence?: RunEvidence,
): Remedy[] {
  const facts = factsOf(report, evidence);
  // A run that could not be evaluated says nothing of the backup; only a setting of the test that stopped it has a fix.
  if (report.status.result === 'error') return quotaShortfall(facts);
  return RULES.flatMap(rule => rule(facts));
}
