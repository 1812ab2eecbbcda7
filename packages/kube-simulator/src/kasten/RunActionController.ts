import type { SimulatorContext } from '../context';
import { Controller } from '../controllers/Controller';
import { rfc3339 } from '../store/ObjectStore';
import type { KubeObject } from '../store/types';
import type { KastenContents } from './KastenContents';
import {
  kastenKinds,
  kastenLabels as L,
  type KastenKinds,
} from './KastenTypes';
import {
  seedRestorePoint,
  suffix,
  type NamespaceSnapshot,
  type Seeder,
} from './seedKasten';

/** The namespaces a policy selects by `k10.kasten.io/appNamespace` (matchLabels or `In` expressions). */
export function policyNamespaces(policy: KubeObject): string[] {
  const selector = policy.spec?.selector ?? {};
  const label = selector.matchLabels?.[L.appNamespace];
  const listed = (selector.matchExpressions ?? [])
    .filter((e: any) => e?.key === L.appNamespace && e.operator === 'In')
    .flatMap((e: any) => e.values ?? []);
  return [...new Set<string>([...(label ? [label] : []), ...listed])];
}

/**
 * K10 running a policy on demand: a RunAction in K10's namespace whose
 * `spec.subject` names a Policy goes `Running`, then takes a restore point
 * of each namespace the policy selects (and an exported copy when the
 * policy exports), labelled with the run, and ends `Complete`; `Failed`
 * when the policy is missing.
 */
export class RunActionController extends Controller {
  private readonly k: KastenKinds;

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly contents: KastenContents,
    private readonly snapshot: NamespaceSnapshot,
  ) {
    super();
    this.k = kastenKinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      if (e.object.kind !== 'RunAction' || e.type !== 'ADDED') return;
      if (e.object.status?.state) return;
      ctx.setTimer(() => this.start(e.object), ctx.options.veleroStepMs);
    });
  }

  private current(action: KubeObject): KubeObject | undefined {
    const now = this.ctx.store.get(
      this.k.runActions,
      action.metadata.namespace,
      action.metadata.name,
    );
    return now?.metadata.uid === action.metadata.uid ? now : undefined;
  }

  private patch(action: KubeObject, status: object) {
    if (!this.current(action)) return;
    this.ctx.store.mutate(
      this.k.runActions,
      action.metadata.namespace,
      action.metadata.name,
      o => {
        o.status = { ...(o.status ?? {}), ...status };
      },
    );
  }

  private start(action: KubeObject) {
    // Runs recorded as already done (scenario seeding) are left as they are.
    const now = this.current(action);
    if (!now || now.status?.state !== undefined) return;
    const startTime = rfc3339(this.ctx.clock.now());
    this.patch(action, { state: 'Running', startTime });
    this.ctx.setTimer(
      () => this.run(action, startTime),
      this.ctx.options.veleroStepMs,
    );
  }

  private run(action: KubeObject, startTime: string) {
    if (!this.current(action)) return;
    const subject = action.spec?.subject ?? {};
    const policy =
      subject.kind === 'Policy'
        ? this.ctx.store.get(this.k.policies, subject.namespace, subject.name)
        : undefined;
    const endTime = rfc3339(this.ctx.clock.now());
    if (!policy) {
      this.patch(action, {
        state: 'Failed',
        endTime,
        error: {
          message: `Policy ${subject.namespace}/${subject.name} not found`,
        },
      });
      return;
    }
    const s: Seeder = {
      ctx: this.ctx,
      k: this.k,
      contents: this.contents,
      snapshot: this.snapshot,
      kastenNamespace: policy.metadata.namespace!,
    };
    const labels = {
      [L.policyName]: policy.metadata.name,
      [L.policyNamespace]: policy.metadata.namespace!,
      [L.runActionName]: action.metadata.name,
    };
    const profile = (policy.spec?.actions ?? []).find(
      (a: any) => a?.action === 'export',
    )?.exportParameters?.profile?.name;
    for (const ns of policyNamespaces(policy)) {
      const name = `manual-${suffix(action.metadata.name, ns)}`;
      seedRestorePoint(s, ns, name, labels, { actionTime: startTime }, 'Bound');
      if (profile)
        seedRestorePoint(
          s,
          ns,
          `${name}-export`,
          { ...labels, [L.exportProfile]: profile },
          { actionTime: endTime },
          'Bound',
        );
    }
    this.patch(action, { state: 'Complete', endTime });
  }
}
