import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';

export interface KubeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as text, cut at `maxBytes`. */
  body: string;
  truncated: boolean;
}

export interface KubeRequestOptions {
  signal?: AbortSignal;
  /** Stop reading after this many bytes: health endpoints can stream or be huge. */
  maxBytes?: number;
  headers?: Record<string, string>;
}

/**
 * A raw GET against the API server with the kubeconfig's credentials and TLS
 * settings. The generated clients throw on non-2xx and parse bodies by
 * content type; health checks and discovery need the status and the bytes as
 * they are. The path is appended to the server URL so that servers behind a
 * path prefix (Rancher, proxies) keep working.
 */
export async function kubeGet(
  kc: KubeConfig,
  path: string,
  options: KubeRequestOptions = {},
): Promise<KubeResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('The kubeconfig has no current cluster');
  const url = new URL(`${cluster.server.replace(/\/+$/, '')}${path}`);
  const requestOptions: https.RequestOptions = { headers: {} };
  await kc.applyToHTTPSOptions(requestOptions);
  const transport = url.protocol === 'https:' ? https : http;
  const maxBytes = options.maxBytes ?? 64 * 1024;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      url,
      {
        ...requestOptions,
        method: 'GET',
        signal: options.signal,
        headers: {
          Accept: 'application/json, */*',
          ...requestOptions.headers,
          ...options.headers,
        },
      },
      res => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8'),
            truncated,
          });
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size > maxBytes) {
            truncated = true;
            res.destroy();
            finish();
          }
        });
        res.on('end', finish);
        res.on('error', e => (truncated ? undefined : reject(e)));
      },
    );
    req.on('error', e =>
      reject(options.signal?.aborted ? options.signal.reason : e),
    );
    req.end();
  });
}

/** The `message` of a Kubernetes Status body, if the body is one. */
export function statusMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body);
    return parsed?.kind === 'Status' && typeof parsed.message === 'string'
      ? parsed.message
      : undefined;
  } catch {
    return undefined;
  }
}

/** The body parsed as JSON, or undefined. */
export function parseJson<T = any>(body: string): T | undefined {
  try {
    return JSON.parse(body) as T;
  } catch {
    return undefined;
  }
}
