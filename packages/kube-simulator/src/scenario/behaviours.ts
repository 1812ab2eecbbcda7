import type { KubeObject } from '../store/types';
import { parseDuration } from './duration';

/** Annotations on objects (and pod templates) that tell the simulator how a workload behaves. */
export const behaviourAnnotations = {
  /** `ready` (default), `crashloop`, `pending`, `not-ready`. */
  start: 'sim.kymaros.io/start',
  /** Delay before containers run, e.g. `3s`. */
  startAfter: 'sim.kymaros.io/start-after',
  /** Termination reason of a crash-looping container, e.g. `OOMKilled`. */
  crashReason: 'sim.kymaros.io/crash-reason',
  exitCode: 'sim.kymaros.io/exit-code',
  /** JSON: `{"/healthz": {"status": 200, "body": "ok"}}` answered on every container port. */
  http: 'sim.kymaros.io/http',
  /** JSON: `[{"command": "pg_isready", "exitCode": 0, "stdout": "..."}]`; command is a regular expression on the joined argv. */
  exec: 'sim.kymaros.io/exec',
  /** Comma list of `path=ENV`: the route calls the Service whose address env `ENV` holds (see upstreamCalls.ts). */
  upstream: 'sim.kymaros.io/upstream',
  /** Comma list of container ports that refuse TCP connections. */
  tcpRefuse: 'sim.kymaros.io/tcp-refuse',
  log: 'sim.kymaros.io/log',
  /** On a backed-up object: restoring it fails with this message. */
  restoreError: 'sim.kymaros.io/restore-error',
  /** On a Backup: `Completed` (default), `PartiallyFailed`, `Failed` or `stuck`. */
  restoreOutcome: 'sim.kymaros.io/restore-outcome',
  /** On a Backup: how long a restore of it stays InProgress. */
  restoreDuration: 'sim.kymaros.io/restore-duration',
  failureReason: 'sim.kymaros.io/failure-reason',
  /**
   * On a PersistentVolume or its claim: how a backup takes the volume's data,
   * written to the backup's volume info and deciding how a restore brings the
   * volume back. `PodVolumeBackup` (default) and `CSISnapshot` (also
   * `CSISnapshot+moved`, a data-mover upload): the volume is re-provisioned
   * for the restored claim; `NativeSnapshot`: the PV is created from the
   * snapshot (renamed `velero-clone-…` when its name is taken); `none`: no
   * data, so a `Delete` volume is re-provisioned empty and a `Retain` one is
   * restored as it was, the restored claim binding to it.
   */
  backupMethod: 'sim.kymaros.io/backup-method',
  /** On a Namespace: `never` keeps it Terminating forever. */
  terminate: 'sim.kymaros.io/terminate',
} as const;

export interface HttpAnswer {
  status: number;
  body?: string;
  contentType?: string;
}

export interface ExecRule {
  command: string;
  image?: string;
  exitCode?: number;
  stdout?: string;
  stderr?: string;
}

export interface JobRule {
  image?: string;
  command?: string;
  /** Source namespace (the `kymaros.io/test-namespace` label of a sandbox) or namespace name. */
  namespace?: string;
  exitCode: number;
  log?: string;
  durationMs?: number;
}

function annotation(
  o: KubeObject | undefined,
  key: string,
): string | undefined {
  return o?.metadata?.annotations?.[key];
}

function parseJson<T>(text: string | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Scenario-wide rules plus helpers that read per-object behaviour annotations. */
export class Behaviours {
  jobRules: JobRule[] = [];
  execRules: ExecRule[] = [];

  podStart(pod: KubeObject): string {
    return annotation(pod, behaviourAnnotations.start) ?? 'ready';
  }

  podStartDelay(pod: KubeObject, fallbackMs: number): number {
    const v = annotation(pod, behaviourAnnotations.startAfter);
    try {
      return v ? parseDuration(v) : fallbackMs;
    } catch {
      return fallbackMs;
    }
  }

  crashReason(pod: KubeObject): { reason: string; exitCode: number } {
    const reason = annotation(pod, behaviourAnnotations.crashReason) ?? 'Error';
    const exitCode = Number(
      annotation(pod, behaviourAnnotations.exitCode) ??
        (reason === 'OOMKilled' ? 137 : 1),
    );
    return { reason, exitCode };
  }

  httpAnswer(pod: KubeObject, path: string): HttpAnswer {
    const table = parseJson<Record<string, HttpAnswer>>(
      annotation(pod, behaviourAnnotations.http),
      {},
    );
    if (Object.keys(table).length === 0)
      return { status: 200, body: 'ok', contentType: 'text/plain' };
    const normalized = `/${path.replace(/^\/+/, '')}`;
    const hit =
      table[normalized] ?? table[normalized.split('?')[0]] ?? table['*'];
    return (
      hit ?? {
        status: 404,
        body: '404 page not found',
        contentType: 'text/plain',
      }
    );
  }

  execAnswer(
    pod: KubeObject,
    image: string | undefined,
    command: string[],
  ): ExecRule | undefined {
    const joined = command.join(' ');
    const own = parseJson<ExecRule[]>(
      annotation(pod, behaviourAnnotations.exec),
      [],
    );
    const rules = [
      ...own,
      ...this.execRules.filter(
        r => !r.image || (image && new RegExp(r.image).test(image)),
      ),
    ];
    return rules.find(r => safeRegex(r.command).test(joined));
  }

  tcpRefused(pod: KubeObject, port: number): boolean {
    const v = annotation(pod, behaviourAnnotations.tcpRefuse);
    return (
      !!v &&
      v
        .split(',')
        .map(s => Number(s.trim()))
        .includes(port)
    );
  }

  log(pod: KubeObject): string {
    return annotation(pod, behaviourAnnotations.log) ?? '';
  }

  jobAnswer(
    image: string | undefined,
    command: string[],
    namespaces: string[],
  ): JobRule | undefined {
    const joined = command.join(' ');
    return this.jobRules.find(
      r =>
        (!r.image || (image !== undefined && safeRegex(r.image).test(image))) &&
        (!r.command || safeRegex(r.command).test(joined)) &&
        (!r.namespace || namespaces.includes(r.namespace)),
    );
  }
}

function safeRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch {
    return new RegExp(source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}
