import type { RestoreEdit } from '@kymaros/plugin-kymaros-node';
import type { SandboxTransformation } from '@kymaros/plugin-kymaros-common';
import type { InventoryEntry } from './backupInventory';
import { groupOf, subjectOf } from './backupObjectNames';
import { andMore } from './capList';
import { sharedHostAccessOf } from './sharedHostAccess';
import {
  SANDBOX_EXCLUDED_RESOURCES,
  sandboxExcludedResourceNames,
  sandboxExclusionOf,
} from './sandboxExcludedResources';
import {
  EXPOSED_SERVICE_TYPES,
  closeServiceEdit,
  closeServicesEdits,
  dropExternalIPsEdit,
} from './serviceExposure';

/** What a restore leaves out or changes so that nothing in the sandbox reaches out. */
export interface TransformationPlan {
  excludedResources: string[];
  edits: RestoreEdit[];
  transformations: SandboxTransformation[];
}

export interface TransformationInput {
  /** Source namespaces restored in the run. */
  namespaces: string[];
  inventory: InventoryEntry[];
  /** The resource list or the bodies were read: the inventory is the backup's. */
  inventoryKnown: boolean;
  /** Every restored object's body was read (none was cut off). */
  bodiesComplete: boolean;
  runJobs: boolean;
}

/** Entries of one kind of change listed per object, up to this many. */
const PER_CHANGE = 25;
/** The Secret type whose data is the source cluster's credentials: never restored as it was. */
export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';

const is = (e: InventoryEntry, group: string, kind: string) =>
  e.item.kind === kind && groupOf(e.item.apiVersion) === group;

/** Per-namespace edits: whatever the backup holds, none of these may run or leak. */
function namespaceEdits(
  namespace: string,
  input: TransformationInput,
): RestoreEdit[] {
  const suspend = { spec: { suspend: true } };
  return [
    { resource: 'cronjobs.batch', namespace, mergePatch: suspend },
    ...(input.runJobs
      ? []
      : [{ resource: 'jobs.batch', namespace, mergePatch: suspend }]),
    {
      resource: 'secrets',
      namespace,
      when: [{ path: '/type', value: SERVICE_ACCOUNT_TOKEN_TYPE }],
      mergePatch: { data: null },
    },
    dropExternalIPsEdit(namespace),
    ...(input.bodiesComplete ? [] : closeServicesEdits(namespace)),
  ];
}

/** Exposed Services whose body was read, each closed by name. */
function serviceEdits(inventory: InventoryEntry[]): RestoreEdit[] {
  return inventory
    .filter(
      e => is(e, '', 'Service') && EXPOSED_SERVICE_TYPES[e.body?.spec?.type],
    )
    .map(e => closeServiceEdit(e.item.namespace!, e.item.name, e.body!.spec));
}

type Change = Omit<SandboxTransformation, 'subject'>;

const hasExternalIPs = (e: InventoryEntry) =>
  Array.isArray(e.body?.spec?.externalIPs) &&
  e.body!.spec.externalIPs.length > 0;

/** The report's entries: per object, grouped by change, each group capped. */
function listTransformations(
  input: TransformationInput,
): SandboxTransformation[] {
  const groups = new Map<string, { change: Change; subjects: string[] }>();
  const add = (subject: string, change: Change) => {
    const key = `${change.change}\n${change.notTested}`;
    const group = groups.get(key) ?? { change, subjects: [] };
    group.subjects.push(subject);
    groups.set(key, group);
  };
  for (const entry of input.inventory) {
    const subject = subjectOf(entry.item);
    const type = entry.body?.spec?.type;
    if (is(entry, '', 'Service') && EXPOSED_SERVICE_TYPES[type])
      add(subject, {
        change: `type ${type} → ClusterIP`,
        notTested: EXPOSED_SERVICE_TYPES[type],
      });
    else if (is(entry, 'batch', 'CronJob'))
      add(subject, { change: 'suspended', notTested: 'its schedule' });
    else if (is(entry, 'batch', 'Job') && !input.runJobs)
      add(subject, { change: 'suspended, not re-run', notTested: 'its run' });
    else if (
      is(entry, '', 'Secret') &&
      entry.body?.type === SERVICE_ACCOUNT_TOKEN_TYPE
    )
      add(subject, {
        change: 'service-account token data dropped',
        notTested: "the source cluster's token (the sandbox issues its own)",
      });
    if (is(entry, '', 'Service') && hasExternalIPs(entry))
      add(subject, {
        change: 'externalIPs removed',
        notTested: 'traffic to its external IPs',
      });
    if (entry.body && entry.resource)
      for (const finding of sharedHostAccessOf({
        ...entry.item,
        resource: entry.resource,
        body: entry.body,
      }))
        add(subject, finding);
    const excluded = sandboxExclusionOf(entry.item);
    if (excluded)
      add(subject, { change: 'not restored', notTested: excluded.notTested });
  }
  for (const subject of unseenServices(input))
    add(subject, {
      change: 'type LoadBalancer or NodePort → ClusterIP',
      notTested: 'external load balancers and node ports',
    });
  if (!input.inventoryKnown) addUnknownContents(input, add);
  return [...groups.values()].flatMap(({ change, subjects }) => [
    ...subjects.slice(0, PER_CHANGE).map(subject => ({ subject, ...change })),
    ...(subjects.length > PER_CHANGE
      ? [{ subject: andMore(subjects.length - PER_CHANGE), ...change }]
      : []),
  ]);
}

/** Namespaces whose Services may be exposed but were not read one by one. */
function unseenServices(input: TransformationInput): string[] {
  if (input.bodiesComplete) return [];
  return input.namespaces
    .filter(
      ns =>
        !input.inventoryKnown ||
        input.inventory.some(
          e => is(e, '', 'Service') && e.item.namespace === ns && !e.body,
        ),
    )
    .map(ns => `Services of ${ns}`);
}

/** Without the resource list or bodies, say what every namespace had done to it. */
function addUnknownContents(
  input: TransformationInput,
  add: (subject: string, change: Change) => void,
) {
  for (const ns of input.namespaces) {
    add(`CronJobs of ${ns}`, {
      change: 'suspended',
      notTested: 'their schedules',
    });
    if (!input.runJobs)
      add(`Jobs of ${ns}`, {
        change: 'suspended, not re-run',
        notTested: 'their runs',
      });
  }
  const notTested = [
    ...new Set(SANDBOX_EXCLUDED_RESOURCES.map(e => e.notTested)),
  ];
  add('Objects of the kinds sandboxes leave out', {
    change: 'not restored',
    notTested: notTested.join('; '),
  });
}

/**
 * Leaves out the kinds that would reach outside the sandbox or change the
 * cluster, closes exposed Services (by name when their bodies were read,
 * by type otherwise), suspends CronJobs and, unless the test runs them,
 * Jobs, and drops service-account token data; and lists each change.
 */
export function planTransformations(
  input: TransformationInput,
): TransformationPlan {
  return {
    excludedResources: [...sandboxExcludedResourceNames],
    edits: [
      ...serviceEdits(input.inventory),
      ...input.namespaces.flatMap(ns => namespaceEdits(ns, input)),
    ],
    transformations: listTransformations(input),
  };
}
