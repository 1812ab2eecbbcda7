import https from 'node:https';
import http from 'node:http';
import * as k8s from '@kubernetes/client-node';
import {
  SANDBOX_LABELS,
  MANAGED_BY_VALUE,
} from '@kymaros/plugin-kymaros-common';
import { watchObject } from '../../kube/watchObject';
import { gunzipBounded, type GunzipLimit } from './gunzipBounded';

const MiB = 1024 * 1024;
/** The largest file read whole (a resource list, the restore results), unzipped. */
export const MAX_DOWNLOAD_BYTES = 64 * MiB;
/** Of a log, the tail kept: more than any report keeps, little to hold. */
export const MAX_LOG_DOWNLOAD_BYTES = 8 * MiB;

/** The first bytes of a response's body, for an error message; the rest is not read. */
async function firstBytes(res: http.IncomingMessage, max: number) {
  const chunks: Buffer[] = [];
  let held = 0;
  for await (const chunk of res) {
    chunks.push(chunk);
    held += chunk.length;
    if (held >= max) break;
  }
  res.destroy();
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

/**
 * Files Velero keeps in object storage, fetched the way its CLI does: a
 * DownloadRequest yields a pre-signed URL, fetched directly (trusting the
 * storage location's caCert), then gunzipped. The request is deleted after.
 */
export class VeleroDownloads {
  private readonly custom: k8s.CustomObjectsApi;

  constructor(
    private readonly kubeConfig: k8s.KubeConfig,
    private readonly namespace: string,
    private readonly timeoutMs: number,
    /** The storage locations, read once by the provider. */
    private readonly locations: () => Promise<any[]>,
  ) {
    this.custom = kubeConfig.makeApiClient(k8s.CustomObjectsApi);
  }

  private ref(plural: string) {
    return {
      group: 'velero.io',
      version: 'v1',
      namespace: this.namespace,
      plural,
    };
  }

  private async caCert(): Promise<string | undefined> {
    const withCa = (await this.locations()).find(
      l => l.spec?.objectStorage?.caCert,
    );
    return withCa
      ? Buffer.from(withCa.spec.objectStorage.caCert, 'base64').toString('utf8')
      : undefined;
  }

  private async url(
    kind: string,
    target: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const created = (await this.custom.createNamespacedCustomObject({
      ...this.ref('downloadrequests'),
      body: {
        apiVersion: 'velero.io/v1',
        kind: 'DownloadRequest',
        metadata: {
          generateName: `kymaros-${kind.toLowerCase()}-`,
          labels: { [SANDBOX_LABELS.managedBy]: MANAGED_BY_VALUE },
        },
        spec: { target: { kind, name: target } },
      },
    })) as any;
    const name = created.metadata.name as string;
    // The created object is the first state to look at: the watch starts from its resourceVersion, no extra read.
    let known: any = created;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const processed = await watchObject<any>({
        kubeConfig: this.kubeConfig,
        path: `/apis/velero.io/v1/namespaces/${this.namespace}/downloadrequests`,
        name,
        get: async () => {
          const first = known;
          known = undefined;
          return (
            first ??
            this.custom.getNamespacedCustomObject({
              ...this.ref('downloadrequests'),
              name,
            })
          );
        },
        done: d => d.status?.phase === 'Processed' && !!d.status?.downloadURL,
        signal: combined,
      }).catch(e => {
        if (timeout.aborted)
          throw new Error(
            `Velero did not process the ${kind} download for ${target} within ${
              this.timeoutMs / 1000
            }s`,
          );
        throw e;
      });
      return processed.status.downloadURL;
    } finally {
      await this.custom
        .deleteNamespacedCustomObject({ ...this.ref('downloadrequests'), name })
        .catch(() => undefined);
    }
  }

  /** GETs a pre-signed URL; the body is left for the caller to read (or destroy). */
  private async get(
    url: string,
    signal?: AbortSignal,
    headers: http.OutgoingHttpHeaders = {},
  ): Promise<http.IncomingMessage> {
    const ca = url.startsWith('https:') ? await this.caCert() : undefined;
    const mod = url.startsWith('https:') ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.get(url, { ca, signal, headers }, resolve);
      req.on('error', reject);
    });
  }

  /**
   * The stored file as it arrives (still gzipped), for the caller to read
   * or destroy; undefined when object storage has no such file.
   */
  async open(
    kind: string,
    target: string,
    signal?: AbortSignal,
  ): Promise<http.IncomingMessage | undefined> {
    const res = await this.get(await this.url(kind, target, signal), signal);
    if (res.statusCode === 404) {
      res.destroy();
      return undefined;
    }
    if (res.statusCode !== 200)
      throw new Error(
        `Object storage answered ${
          res.statusCode
        } for the ${kind} of ${target}: ${await firstBytes(res, 200)}`,
      );
    return res;
  }

  /**
   * The gunzipped file, or undefined when object storage has no such file.
   * Unzipped as it arrives, within `limit`: a `RestoreLog` keeps its last
   * 8 MiB, another file larger than 64 MiB is an error.
   */
  async fetch(
    kind: string,
    target: string,
    signal?: AbortSignal,
    limit: GunzipLimit = kind === 'RestoreLog'
      ? { maxBytes: MAX_LOG_DOWNLOAD_BYTES, tail: true }
      : { maxBytes: MAX_DOWNLOAD_BYTES },
  ): Promise<Buffer | undefined> {
    const res = await this.open(kind, target, signal);
    if (!res) return undefined;
    return gunzipBounded(
      res,
      limit,
      () =>
        `The ${kind} of ${target} is larger than ${
          limit.maxBytes / MiB
        } MiB unzipped: not read`,
      signal,
    );
  }

  /**
   * Size in bytes of a stored file, from the headers of a GET closed before
   * its body: a pre-signed URL signs the method, so HEAD is usually refused.
   */
  async size(
    kind: string,
    target: string,
    signal?: AbortSignal,
  ): Promise<number | undefined> {
    // A one-byte range where the store honours it; otherwise only the headers are read.
    const res = await this.get(await this.url(kind, target, signal), signal, {
      Range: 'bytes=0-0',
    });
    res.destroy();
    const range = String(res.headers['content-range'] ?? '').match(/\/(\d+)$/);
    if (res.statusCode === 206 && range) return Number(range[1]);
    const length = Number(res.headers['content-length']);
    if (res.statusCode === 200 && Number.isFinite(length)) return length;
    return undefined;
  }
}
