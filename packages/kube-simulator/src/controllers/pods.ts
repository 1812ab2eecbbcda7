import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import { rfc3339 } from '../store/ObjectStore';
import { kinds } from './kinds';
import { recordEvent } from './events';
import { Controller } from './Controller';

export const nodeName = 'sim-node-1';
let ipCounter = 10;

function nextPodIp(): string {
  ipCounter++;
  return `10.244.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 2}`;
}

function containerNames(pod: KubeObject): { name: string; image: string }[] {
  return (pod.spec?.containers ?? []).map((c: any) => ({
    name: c.name,
    image: c.image,
  }));
}

function condition(
  type: string,
  status: boolean,
  now: string,
  reason?: string,
  message?: string,
) {
  return {
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: now,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  };
}

/**
 * The kubelet's part: schedules each new Pod onto the simulated node and moves
 * it through Pending → Running (Ready, not ready or crash-looping) or, for Job
 * pods, to Succeeded / Failed, as its behaviour annotations say.
 */
export class PodLifecycle extends Controller {
  private readonly k;

  constructor(private readonly ctx: SimulatorContext) {
    super();
    this.k = kinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      if (
        e.type === 'ADDED' &&
        e.object.kind === 'Pod' &&
        !e.object.status?.phase
      ) {
        setImmediate(() =>
          this.admit(e.object.metadata.namespace!, e.object.metadata.name),
        );
      }
    });
  }

  private now() {
    return rfc3339(this.ctx.clock.now());
  }

  private mutate(
    ns: string,
    name: string,
    uid: string | undefined,
    fn: (p: KubeObject) => void,
  ) {
    const current = this.ctx.store.get(this.k.pods, ns, name);
    if (
      !current ||
      current.metadata.uid !== uid ||
      current.metadata.deletionTimestamp
    )
      return undefined;
    return this.ctx.store.mutate(this.k.pods, ns, name, fn);
  }

  private admit(ns: string, name: string) {
    const pod = this.ctx.store.get(this.k.pods, ns, name);
    if (!pod || pod.status?.phase) return;
    const uid = pod.metadata.uid;
    const behaviour = this.ctx.behaviours.podStart(pod);
    const now = this.now();
    if (behaviour === 'pending') {
      const message =
        '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
      this.mutate(ns, name, uid, p => {
        p.status = {
          phase: 'Pending',
          conditions: [
            condition('PodScheduled', false, now, 'Unschedulable', message),
          ],
          qosClass: 'BestEffort',
        };
      });
      recordEvent(
        this.ctx,
        pod,
        'Warning',
        'FailedScheduling',
        message,
        'default-scheduler',
      );
      return;
    }
    const scheduled = this.mutate(ns, name, uid, p => {
      p.spec = { ...p.spec, nodeName: p.spec?.nodeName ?? nodeName };
      p.status = {
        phase: 'Pending',
        conditions: [
          condition('PodScheduled', true, now),
          condition('Initialized', true, now),
          condition(
            'Ready',
            false,
            now,
            'ContainersNotReady',
            'containers with unready status',
          ),
          condition('ContainersReady', false, now, 'ContainersNotReady'),
        ],
        hostIP: '172.18.0.2',
        startTime: now,
        qosClass: 'BestEffort',
        containerStatuses: containerNames(p).map(c => ({
          name: c.name,
          image: c.image,
          imageID: '',
          ready: false,
          restartCount: 0,
          started: false,
          state: { waiting: { reason: 'ContainerCreating' } },
        })),
      };
    });
    if (!scheduled) return;
    recordEvent(
      this.ctx,
      scheduled,
      'Normal',
      'Scheduled',
      `Successfully assigned ${ns}/${name} to ${nodeName}`,
      'default-scheduler',
    );
    const delay = this.ctx.behaviours.podStartDelay(
      pod,
      this.ctx.options.podStartMs,
    );
    this.ctx.setTimer(() => this.start(ns, name, uid, behaviour), delay);
  }

  private start(
    ns: string,
    name: string,
    uid: string | undefined,
    behaviour: string,
  ) {
    const pod = this.ctx.store.get(this.k.pods, ns, name);
    if (!pod || pod.metadata.uid !== uid) return;
    const now = this.now();
    const ip = nextPodIp();
    const isJobPod = (pod.metadata.ownerReferences ?? []).some(
      o => o.kind === 'Job',
    );
    if (isJobPod) {
      this.mutate(ns, name, uid, p => {
        p.status = {
          ...p.status,
          phase: 'Running',
          podIP: ip,
          podIPs: [{ ip }],
          conditions: runningConditions(now, true),
          containerStatuses: containerNames(p).map(c => ({
            name: c.name,
            image: c.image,
            imageID: '',
            ready: true,
            restartCount: 0,
            started: true,
            state: { running: { startedAt: now } },
          })),
        };
      });
      return; // The Job controller decides how and when it finishes.
    }
    if (behaviour === 'crashloop') {
      this.crash(ns, name, uid, ip, 1);
      return;
    }
    const ready = behaviour !== 'not-ready';
    const updated = this.mutate(ns, name, uid, p => {
      p.status = {
        ...p.status,
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        conditions: runningConditions(now, ready),
        containerStatuses: containerNames(p).map(c => ({
          name: c.name,
          image: c.image,
          imageID: `docker.io/library/${c.image}`,
          containerID: `containerd://${uid?.replace(/-/g, '')}`,
          ready,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: now } },
        })),
      };
    });
    if (updated) {
      recordEvent(
        this.ctx,
        updated,
        'Normal',
        'Started',
        'Started container',
        'kubelet',
      );
      if (!ready)
        recordEvent(
          this.ctx,
          updated,
          'Warning',
          'Unhealthy',
          'Readiness probe failed: HTTP probe failed with statuscode: 503',
          'kubelet',
        );
    }
  }

  private crash(
    ns: string,
    name: string,
    uid: string | undefined,
    ip: string,
    restarts: number,
  ) {
    const pod = this.ctx.store.get(this.k.pods, ns, name);
    if (!pod || pod.metadata.uid !== uid) return;
    const { reason, exitCode } = this.ctx.behaviours.crashReason(pod);
    const now = this.now();
    const updated = this.mutate(ns, name, uid, p => {
      p.status = {
        ...p.status,
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        conditions: runningConditions(now, false),
        containerStatuses: containerNames(p).map(c => ({
          name: c.name,
          image: c.image,
          imageID: `docker.io/library/${c.image}`,
          ready: false,
          started: false,
          restartCount: restarts,
          state: {
            waiting: {
              reason: 'CrashLoopBackOff',
              message: `back-off ${Math.min(
                300,
                10 * 2 ** restarts,
              )}s restarting failed container=${
                c.name
              } pod=${name}_${ns}(${uid})`,
            },
          },
          lastState: {
            terminated: { exitCode, reason, startedAt: now, finishedAt: now },
          },
        })),
      };
    });
    if (!updated) return;
    if (restarts === 1)
      recordEvent(
        this.ctx,
        updated,
        'Warning',
        'BackOff',
        'Back-off restarting failed container',
        'kubelet',
      );
    // Keep restarting with a capped number of timers, like kubelet's back-off.
    if (restarts < 20)
      this.ctx.setTimer(
        () => this.crash(ns, name, uid, ip, restarts + 1),
        Math.max(1000, this.ctx.options.podStartMs * 2),
      );
  }

  /** Finishes a Job pod with the given exit code. */
  finish(ns: string, name: string, exitCode: number) {
    const pod = this.ctx.store.get(this.k.pods, ns, name);
    if (!pod) return;
    const now = this.now();
    this.mutate(ns, name, pod.metadata.uid, p => {
      p.status = {
        ...p.status,
        phase: exitCode === 0 ? 'Succeeded' : 'Failed',
        conditions: runningConditions(now, false),
        containerStatuses: containerNames(p).map(c => ({
          name: c.name,
          image: c.image,
          imageID: '',
          ready: false,
          started: false,
          restartCount: 0,
          state: {
            terminated: {
              exitCode,
              reason: exitCode === 0 ? 'Completed' : 'Error',
              startedAt: p.status?.startTime ?? now,
              finishedAt: now,
            },
          },
        })),
      };
    });
  }
}

function runningConditions(now: string, ready: boolean) {
  return [
    condition('PodReadyToStartContainers', true, now),
    condition('Initialized', true, now),
    condition(
      'Ready',
      ready,
      now,
      ready ? undefined : 'ContainersNotReady',
      ready ? undefined : 'containers with unready status',
    ),
    condition(
      'ContainersReady',
      ready,
      now,
      ready ? undefined : 'ContainersNotReady',
    ),
    condition('PodScheduled', true, now),
  ];
}

export function isPodReady(pod: KubeObject): boolean {
  return (
    pod.status?.phase === 'Running' &&
    (pod.status?.conditions ?? []).some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    )
  );
}
