import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';

/** The most a `details` body may hold: one artifact per backed-up object, well under this for any namespace. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * GETs an API path the generated clients have no method for (K10's
 * `details` subresource), with the kubeconfig's credentials and agent, so
 * it passes through whatever guards the kubeconfig's connections.
 * Resolves with the parsed body; a 404 rejects with NotFoundError.
 */
export async function rawGetJson(
  kubeConfig: KubeConfig,
  path: string,
  signal?: AbortSignal,
): Promise<any> {
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new Error('The kubeconfig has no current cluster');
  const url = new URL(`${server.replace(/\/+$/, '')}${path}`);
  const options: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(options);
  const request = url.protocol === 'https:' ? https.request : http.request;
  const { status, body } = await new Promise<{ status: number; body: string }>(
    (resolve, reject) => {
      const req = request(
        url,
        {
          ...options,
          method: 'GET',
          headers: { ...(options.headers ?? {}), Accept: 'application/json' },
          signal,
        },
        res => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY_BYTES) {
              req.destroy();
              reject(
                new Error(
                  `GET ${path} answered more than ${
                    MAX_BODY_BYTES / 1024 / 1024
                  } MiB; not read`,
                ),
              );
              return;
            }
            chunks.push(c);
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
  if (status === 404) throw new NotFoundError(`${path} not found`);
  if (status < 200 || status >= 300)
    throw new Error(`GET ${path} answered ${status}: ${statusMessage(body)}`);
  return JSON.parse(body);
}

function statusMessage(body: string): string {
  try {
    return JSON.parse(body).message ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}
