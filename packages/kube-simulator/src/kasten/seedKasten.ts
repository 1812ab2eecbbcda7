import { createHash } from 'node:crypto';
import type { SimulatorContext } from '../context';
import { parseDuration } from '../scenario/duration';
import type { Scenario } from '../scenario/schema';
import { rfc3339 } from '../store/ObjectStore';
import type { KubeObject } from '../store/types';
import type { KastenContents } from './KastenContents';
import {
  kastenKinds,
  kastenLabels as L,
  type KastenKinds,
} from './KastenTypes';

type KastenScenario = NonNullable<Scenario['kasten']>;
type ScenarioPolicy = KastenScenario['policies'][number];
type ScenarioRun = ScenarioPolicy['runs'][number];

/** The objects of a namespace a backup would capture now. */
export type NamespaceSnapshot = (namespace: string) => KubeObject[];

/** A short stable suffix, so restore point names stay the same from one start to the next. */
export function suffix(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 6);
}

function sizeOf(items: KubeObject[]): number {
  return items.reduce((n, o) => n + JSON.stringify(o).length, 0);
}

export interface Seeder {
  ctx: SimulatorContext;
  k: KastenKinds;
  contents: KastenContents;
  snapshot: NamespaceSnapshot;
  kastenNamespace: string;
}

export function setStatus(
  s: Seeder,
  type: KastenKinds[keyof KastenKinds],
  o: KubeObject,
  status: object,
) {
  s.ctx.store.mutate(type, o.metadata.namespace, o.metadata.name, x => {
    x.status = status;
  });
}

/** One restore point (and its cluster-scoped content) of `namespace` taken at `actionTime`. */
export function seedRestorePoint(
  s: Seeder,
  namespace: string,
  name: string,
  labels: Record<string, string>,
  times: { actionTime: string; scheduledTime?: string },
  state: string,
) {
  // K10 does not back up its own restore points (they are its catalogue, not the app).
  const items = s
    .snapshot(namespace)
    .filter(o => !o.apiVersion.includes('.kio.kasten.io/'));
  const contentName = `${namespace}-${name}`;
  const allLabels = {
    [L.appName]: namespace,
    [L.appNamespace]: namespace,
    'k10.kasten.io/appType': 'namespace',
    ...labels,
  };
  s.contents.save(contentName, items);
  const rpc = s.ctx.store.create(s.k.restorePointContents, undefined, {
    apiVersion: 'apps.kio.kasten.io/v1alpha1',
    kind: 'RestorePointContent',
    metadata: { name: contentName, labels: allLabels },
  });
  setStatus(s, s.k.restorePointContents, rpc, {
    ...times,
    restorePointRef: { name, namespace },
    state,
  });
  const rp = s.ctx.store.create(s.k.restorePoints, namespace, {
    apiVersion: 'apps.kio.kasten.io/v1alpha1',
    kind: 'RestorePoint',
    metadata: { name, namespace, labels: allLabels },
    spec: { restorePointContentRef: { name: contentName } },
  });
  const size = sizeOf(items);
  setStatus(s, s.k.restorePoints, rp, {
    ...times,
    logicalSizeBytes: size,
    physicalSizeBytes: Math.round(size * 0.6),
  });
}

/** A policy run: its RunAction, and per namespace a local restore point plus, with an export profile, an exported one. */
function seedRun(
  s: Seeder,
  policy: ScenarioPolicy,
  run: ScenarioRun,
  index: number,
) {
  const now = s.ctx.clock.now();
  const end = now - parseDuration(run.age);
  const start = end - parseDuration(run.duration);
  const runName = `policy-run-${suffix(policy.name, index)}`;
  const runAction = s.ctx.store.create(s.k.runActions, s.kastenNamespace, {
    apiVersion: 'actions.kio.kasten.io/v1alpha1',
    kind: 'RunAction',
    metadata: {
      name: runName,
      labels: {
        [L.policyName]: policy.name,
        [L.policyNamespace]: s.kastenNamespace,
      },
    },
    spec: {
      subject: {
        kind: 'Policy',
        name: policy.name,
        namespace: s.kastenNamespace,
      },
    },
  });
  setStatus(s, s.k.runActions, runAction, {
    state: run.failed ? 'Failed' : 'Complete',
    startTime: rfc3339(start),
    endTime: rfc3339(end),
    ...(run.failed ? { error: { message: run.failed } } : {}),
  });
  if (run.failed) return;
  const times = { actionTime: rfc3339(start), scheduledTime: rfc3339(start) };
  const labels = {
    [L.policyName]: policy.name,
    [L.policyNamespace]: s.kastenNamespace,
    [L.runActionName]: runName,
  };
  for (const ns of policy.namespaces) {
    const annotations = run.annotations;
    seedRestorePoint(
      s,
      ns,
      `scheduled-${suffix(policy.name, index, ns)}`,
      labels,
      times,
      run.state,
    );
    if (policy.exportProfile)
      seedRestorePoint(
        s,
        ns,
        `scheduled-${suffix(policy.name, index, ns, 'export')}`,
        { ...labels, [L.exportProfile]: policy.exportProfile },
        { ...times, actionTime: rfc3339(end) },
        run.state,
      );
    if (annotations)
      annotate(
        s,
        ns,
        [
          `scheduled-${suffix(policy.name, index, ns)}`,
          `scheduled-${suffix(policy.name, index, ns, 'export')}`,
        ],
        annotations,
      );
  }
}

function annotate(
  s: Seeder,
  ns: string,
  names: string[],
  annotations: Record<string, string>,
) {
  for (const name of names)
    s.ctx.store.mutate(s.k.restorePoints, ns, name, o => {
      o.metadata.annotations = {
        ...(o.metadata.annotations ?? {}),
        ...annotations,
      };
    });
}

function seedPolicy(s: Seeder, policy: ScenarioPolicy) {
  s.ctx.store.create(s.k.policies, s.kastenNamespace, {
    apiVersion: 'config.kio.kasten.io/v1alpha1',
    kind: 'Policy',
    metadata: { name: policy.name },
    spec: {
      frequency: policy.frequency,
      ...(policy.paused ? { paused: true } : {}),
      retention: policy.retention,
      selector: {
        matchExpressions: [
          { key: L.appNamespace, operator: 'In', values: policy.namespaces },
        ],
      },
      actions: [
        { action: 'backup' },
        ...(policy.exportProfile
          ? [
              {
                action: 'export',
                exportParameters: {
                  profile: {
                    name: policy.exportProfile,
                    namespace: s.kastenNamespace,
                  },
                },
              },
            ]
          : []),
      ],
    },
  });
  policy.runs.forEach((run, i) => seedRun(s, policy, run, i));
}

/** Waits until no object has changed for a moment, so workloads have their pods and claims before restore points are taken. */
async function quiet(ctx: SimulatorContext) {
  let last = ctx.store.currentRv();
  for (let i = 0; i < 60; i++) {
    await new Promise(resolve => setTimeout(resolve, 50));
    const now = ctx.store.currentRv();
    if (now === last) return;
    last = now;
  }
}

/** Records the scenario's Kasten policies, their past runs and restore points. */
export async function seedKasten(
  ctx: SimulatorContext,
  contents: KastenContents,
  snapshot: NamespaceSnapshot,
  scenario: KastenScenario | undefined,
): Promise<void> {
  if (!scenario) return;
  await quiet(ctx);
  const s: Seeder = {
    ctx,
    k: kastenKinds(ctx.registry),
    contents,
    snapshot,
    kastenNamespace: scenario.namespace,
  };
  scenario.policies.forEach(p => seedPolicy(s, p));
}
