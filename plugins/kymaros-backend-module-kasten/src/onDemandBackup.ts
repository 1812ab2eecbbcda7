import { InputError, NotFoundError } from '@backstage/errors';
import type {
  BackupRef,
  CreateBackupOptions,
} from '@kymaros/plugin-kymaros-node';
import { CONFIG_GROUP, VERSION, type KastenObject } from './kastenApi';
import { selectedNamespaces } from './schedules';

/** Every RunAction Kymaros creates has a name starting with this; the write guard allows no other in K10's namespace. */
export const RUN_NAME_PREFIX = 'kymaros-';

/**
 * The policy an on-demand backup runs: the one named by `schedule` (it must
 * be in K10's namespace and select every namespace), else the first by name
 * that selects every namespace. Refused, naming what each policy covers,
 * when none does: a RunAction backs up what its policy selects, no less, no more.
 */
export function coveringPolicy(
  policies: KastenObject[],
  namespaces: string[],
  kastenNamespace: string,
  schedule?: CreateBackupOptions['schedule'],
): KastenObject {
  const covers = (p: KastenObject) => {
    const selected = selectedNamespaces(p);
    return namespaces.every(ns => selected.includes(ns));
  };
  if (schedule) {
    if (schedule.namespace !== kastenNamespace)
      throw new InputError(
        `Policy ${schedule.namespace}/${schedule.name} is not in K10's namespace "${kastenNamespace}"`,
      );
    const named = policies.find(p => p.metadata.name === schedule.name);
    if (!named)
      throw new NotFoundError(
        `K10 has no policy ${kastenNamespace}/${schedule.name}`,
      );
    if (!covers(named))
      throw new InputError(
        `Policy ${
          schedule.name
        } does not back up every one of ${namespaces.join(', ')}`,
      );
    return named;
  }
  // The narrowest covering policy: running one backs up every namespace it selects, other teams' too.
  const found = policies
    .filter(covers)
    .sort(
      (a, b) =>
        selectedNamespaces(a).length - selectedNamespaces(b).length ||
        a.metadata.name.localeCompare(b.metadata.name),
    )[0];
  if (found) return found;
  const partial = policies
    .map(
      p =>
        `${p.metadata.name} covers ${
          selectedNamespaces(p).join(', ') || 'nothing by namespace'
        }`,
    )
    .join('; ');
  throw new InputError(
    `No Kasten policy in ${kastenNamespace} backs up every one of ${namespaces.join(
      ', ',
    )}${
      partial ? ` (${partial})` : ''
    }: K10 takes backups by policy, so add one that selects them`,
  );
}

/**
 * A RunAction of `policy` (docs.kasten.io/latest/api/actions: RunAction,
 * `spec.subject` the Policy), named by the engine.
 */
export function runActionBody(
  policy: KastenObject,
  options: CreateBackupOptions,
): KastenObject {
  if (!options.name.startsWith(RUN_NAME_PREFIX))
    throw new InputError(
      `Backup name "${options.name}" must start with "${RUN_NAME_PREFIX}"`,
    );
  return {
    apiVersion: `actions.kio.kasten.io/${VERSION}`,
    kind: 'RunAction',
    metadata: { name: options.name, labels: options.labels },
    spec: {
      subject: {
        apiVersion: `${CONFIG_GROUP}/${VERSION}`,
        kind: 'Policy',
        name: policy.metadata.name,
        namespace: policy.metadata.namespace,
      },
    },
  };
}

/** K10's RunAction states in the engine's backup words, so a finished run is seen as finished. */
const RUN_PHASES: Record<string, string> = {
  Complete: 'Completed',
  Failed: 'Failed',
  Cancelled: 'Failed',
};

/** An on-demand run as a backup: named like the RunAction, its state in the engine's words. */
export function runActionRef(
  run: KastenObject,
  namespaces: string[],
): BackupRef {
  const state: string = run.status?.state ?? '';
  // A state K10 adds later is finished once the run has an end time.
  const ended = run.status?.endTime ? 'Completed' : state;
  return {
    name: run.metadata.name,
    provider: 'kasten',
    phase: RUN_PHASES[state] ?? ended,
    startedAt: run.status?.startTime,
    completedAt: run.status?.endTime,
    includedNamespaces: namespaces,
    partiallyFailed: false,
  };
}
