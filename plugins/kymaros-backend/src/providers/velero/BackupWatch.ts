import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import * as k8s from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';

export interface VeleroObject {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    uid?: string;
    creationTimestamp?: string;
    resourceVersion?: string;
  };
  spec?: any;
  status?: any;
}

/*
 * Freshness: a list alone is trusted for LIST_TRUSTED_MS (runs starting
 * together share it); beyond that only while a watch from that list's
 * resourceVersion is connected and applying every change, so a backup that
 * completed a moment ago is in the list as soon as Velero's update reaches
 * the watch (milliseconds), and no run lists every backup again. A plain TTL
 * would still cost one full list per window, and revalidating a list by its
 * resourceVersion needs a watch anyway.
 */
const LIST_TRUSTED_MS = 2_000;
/** The server ends each watch after this; it is resumed from its last resourceVersion. */
const WATCH_SECONDS = 60;
/** A watch open longer than this without the server ending it is presumed dead. */
const WATCH_DEAD_MS = (WATCH_SECONDS + 15) * 1000;
/** TCP keep-alive probes on a watch's connection start after this much silence. */
const KEEPALIVE_MS = 30_000;
/** A watch ended this soon is not resumed: the server or a proxy keeps cutting it. */
const WATCH_MIN_MS = 1_000;
/** No run asked for this long: the watch stops and the list is dropped. */
const IDLE_MS = 10 * 60_000;
const PAGE_SIZE = 500;

interface Snapshot {
  backups: Map<string, VeleroObject>;
  listedAt: number;
  /** Set while a watch is connected and applying changes to `backups`. */
  watchOpenedAt?: number;
  close?: () => void;
  done: boolean;
}

function fresh(s: Snapshot, now = Date.now()): boolean {
  const watching =
    !s.done &&
    s.watchOpenedAt !== undefined &&
    now - s.watchOpenedAt < WATCH_DEAD_MS;
  return watching || now - s.listedAt < LIST_TRUSTED_MS;
}

/** Every Backup in the namespace, read in pages; restarts once if a continue token expires. */
export async function listBackupObjects(
  kubeConfig: k8s.KubeConfig,
  namespace: string,
): Promise<{ items: VeleroObject[]; resourceVersion: string }> {
  const custom = kubeConfig.makeApiClient(k8s.CustomObjectsApi);
  for (let attempt = 0; ; attempt++) {
    const items: VeleroObject[] = [];
    let next: string | undefined;
    try {
      for (;;) {
        const page = (await custom.listNamespacedCustomObject({
          group: 'velero.io',
          version: 'v1',
          namespace,
          plural: 'backups',
          limit: PAGE_SIZE,
          _continue: next,
        })) as {
          items: VeleroObject[];
          metadata?: { resourceVersion?: string; continue?: string };
        };
        items.push(...page.items);
        next = page.metadata?.continue || undefined;
        if (!next)
          return {
            items,
            resourceVersion: page.metadata?.resourceVersion ?? '',
          };
      }
    } catch (e) {
      if (!(e instanceof k8s.ApiException && e.code === 410 && attempt === 0))
        throw e;
    }
  }
}

/**
 * Opens one watch and feeds it its events; resolves with the HTTP status it
 * was answered with once it ends. Its socket is unreferenced: a watch kept
 * for later runs must not keep the process alive.
 */
async function streamWatch(
  kubeConfig: k8s.KubeConfig,
  path: string,
  resourceVersion: string,
  onOpen: (close: () => void) => void,
  onEvent: (type: string, object: any) => void,
): Promise<number> {
  const url = new URL(`${kubeConfig.getCurrentCluster()?.server}${path}`);
  url.search = new URLSearchParams({
    watch: 'true',
    resourceVersion,
    allowWatchBookmarks: 'true',
    timeoutSeconds: String(WATCH_SECONDS),
  }).toString();
  const options: https.RequestOptions = { method: 'GET' };
  await kubeConfig.applyToHTTPSOptions(options);
  const request = url.protocol === 'https:' ? https.request : http.request;
  return new Promise(resolve => {
    const req = request(url, options, res => {
      if (res.statusCode !== 200) {
        res.destroy();
        resolve(res.statusCode ?? 0);
        return;
      }
      onOpen(() => req.destroy());
      // A stream cut by a reset, a proxy or our own close ends the watch: an
      // error nobody listens to would be thrown from the stream instead.
      const ended = () => resolve(200);
      res.on('error', ended);
      res.on('aborted', ended);
      res.on('close', ended);
      const lines = createInterface({ input: res });
      lines.on('error', ended);
      lines.on('line', line => {
        try {
          const event = JSON.parse(line);
          onEvent(event.type, event.object);
        } catch {
          // A torn last line when the stream is cut: the next list corrects it.
        }
      });
    });
    // A half-open connection must not pass for a live watch: probe it, and
    // give up on a watch the server did not end when it should have.
    req.setTimeout(WATCH_DEAD_MS, () => req.destroy());
    req.on('socket', socket => {
      socket.unref();
      socket.setKeepAlive(true, KEEPALIVE_MS);
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

/**
 * The Backups of one Velero namespace in one cluster, shared by every run
 * there: one paged list, then a watch keeps it current. All runs on a
 * cluster use that cluster's credentials (never a user's), so what one run
 * read, another may read; the latest run's kubeconfig is the one used to
 * list or watch again, so renewed credentials are picked up.
 */
export class BackupWatch {
  private current?: Snapshot;
  private listing?: Promise<Snapshot>;
  private lastAsked = 0;
  private kubeConfig!: k8s.KubeConfig;
  private logger?: LoggerService;
  private warned = false;

  constructor(private readonly namespace: string) {}

  async backups(
    kubeConfig: k8s.KubeConfig,
    logger?: LoggerService,
  ): Promise<VeleroObject[]> {
    this.kubeConfig = kubeConfig;
    this.logger = logger;
    this.lastAsked = Date.now();
    const snapshot =
      this.current && fresh(this.current) ? this.current : await this.relist();
    return [...snapshot.backups.values()];
  }

  private relist(): Promise<Snapshot> {
    this.listing ??= listBackupObjects(this.kubeConfig, this.namespace)
      .then(({ items, resourceVersion }) => {
        const snapshot: Snapshot = {
          backups: new Map(items.map(b => [b.metadata.name, b])),
          listedAt: Date.now(),
          done: false,
        };
        this.replace(snapshot);
        void this.follow(snapshot, resourceVersion);
        return snapshot;
      })
      .finally(() => {
        this.listing = undefined;
      });
    return this.listing;
  }

  private replace(snapshot: Snapshot | undefined): void {
    if (this.current) {
      this.current.done = true;
      this.current.close?.();
    }
    this.current = snapshot;
  }

  /** Applies changes until the watch cannot be resumed or no run asks any more. */
  private async follow(s: Snapshot, resourceVersion: string): Promise<void> {
    let version = resourceVersion;
    while (!s.done && Date.now() - this.lastAsked < IDLE_MS) {
      const end = await this.watchOnce(s, version);
      if (!end.resumable) break;
      version = end.resourceVersion;
    }
    s.done = true;
    if (this.current === s && Date.now() - this.lastAsked >= IDLE_MS)
      this.replace(undefined);
  }

  private async watchOnce(
    s: Snapshot,
    resourceVersion: string,
  ): Promise<{ resumable: boolean; resourceVersion: string }> {
    let version = resourceVersion;
    let expired = false;
    const status = await streamWatch(
      this.kubeConfig,
      `/apis/velero.io/v1/namespaces/${this.namespace}/backups`,
      resourceVersion,
      close => {
        s.watchOpenedAt = Date.now();
        s.close = close;
        if (s.done) close();
      },
      (type, object) => {
        if (type === 'ERROR') {
          expired = true;
          return;
        }
        version = object?.metadata?.resourceVersion ?? version;
        if (type === 'ADDED' || type === 'MODIFIED')
          s.backups.set(object.metadata.name, object);
        else if (type === 'DELETED') s.backups.delete(object.metadata.name);
      },
    ).catch(() => 0);
    const openedAt = s.watchOpenedAt;
    s.watchOpenedAt = undefined;
    if (status === 403) this.warnRefused();
    const lasted =
      openedAt !== undefined && Date.now() - openedAt >= WATCH_MIN_MS;
    return {
      resumable: status === 200 && !expired && lasted,
      resourceVersion: version,
    };
  }

  private warnRefused(): void {
    if (this.warned) return;
    this.warned = true;
    this.logger?.warn(
      `Velero backups in namespace ${this.namespace} cannot be watched (403): every run lists them again; grant "watch" on backups.velero.io there`,
    );
  }
}

/** One BackupWatch per cluster, API server and Velero namespace. */
export class BackupWatches {
  private readonly watches = new Map<string, BackupWatch>();

  for(
    cluster: string,
    kubeConfig: k8s.KubeConfig,
    namespace: string,
  ): BackupWatch {
    const server = kubeConfig.getCurrentCluster()?.server ?? '';
    const key = [cluster, server, namespace].join('\u0000');
    let watch = this.watches.get(key);
    if (!watch) {
      watch = new BackupWatch(namespace);
      this.watches.set(key, watch);
    }
    return watch;
  }
}
