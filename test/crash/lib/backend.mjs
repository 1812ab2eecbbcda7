import path from 'node:path';
import { describeExit, startProcess } from './processes.mjs';
import { sleep } from './wait.mjs';

const START_TIMEOUT_MS = 120_000;

/**
 * packages/backend as a process of its own: plain node with the Backstage CLI's transform (what
 * `backstage-cli package start` runs, without its file watcher, which would restart the backend
 * whenever someone edits a file in the checkout). NODE_ENV=development enables guest sign-in.
 * With `deployDir` (a production build, see test/bench/lib/production.mjs): plain
 * `node packages/backend` there, NODE_ENV=production, as a deployment runs it. `env` adds to the
 * environment the backend inherits.
 */
export async function startBackend({
  root,
  name,
  configFile,
  baseUrl,
  logFile,
  deployDir,
  env,
}) {
  const started = Date.now();
  const proc = startProcess({
    name,
    command: process.execPath,
    args: [
      ...(deployDir
        ? ['packages/backend']
        : [
            '--require',
            '@backstage/cli/config/nodeTransform.cjs',
            'src/index.ts',
          ]),
      '--config',
      configFile,
    ],
    cwd: deployDir ?? path.join(root, 'packages/backend'),
    env: { NODE_ENV: deployDir ? 'production' : 'development', ...env },
    logFile,
  });
  for (;;) {
    if (!proc.running) {
      const info = await proc.exited;
      throw new Error(
        `${name} exited (${describeExit(
          info,
        )}) while starting; see ${logFile}:\n${proc.output()}`,
      );
    }
    const healthy = await fetch(`${baseUrl}/api/kymaros/health`).then(
      r => r.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() - started > START_TIMEOUT_MS) {
      await proc.stop();
      throw new Error(
        `${name} did not answer ${baseUrl}/api/kymaros/health within ${
          START_TIMEOUT_MS / 1000
        }s; see ${logFile}`,
      );
    }
    await sleep(250);
  }
  const api = await KymarosApi.signIn(baseUrl);
  return {
    name,
    process: proc,
    baseUrl,
    api,
    pid: proc.pid,
    startMs: Date.now() - started,
  };
}

/** The REST API under /api/kymaros, as the guest user. */
export class KymarosApi {
  static async signIn(baseUrl) {
    // As the README shows: the guest provider's refresh endpoint issues a Backstage token.
    const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
      method: 'POST',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!res.ok)
      throw new Error(
        `guest sign-in at ${baseUrl} answered ${
          res.status
        }: ${await res.text()}`,
      );
    const { backstageIdentity } = await res.json();
    return new KymarosApi(
      baseUrl,
      backstageIdentity.token,
      backstageIdentity.identity.userEntityRef,
    );
  }

  constructor(baseUrl, token, userEntityRef) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.userEntityRef = userEntityRef;
  }

  async request(method, route) {
    const res = await fetch(`${this.baseUrl}/api/kymaros${route}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}` },
    });
    const text = await res.text();
    if (!res.ok) {
      const error = new Error(
        `${method} /api/kymaros${route} answered ${res.status}: ${errorMessage(
          text,
        )}`,
      );
      error.status = res.status;
      throw error;
    }
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async tests() {
    return (await this.request('GET', '/tests')).body.items;
  }

  async test(id) {
    return (await this.request('GET', `/tests/${encodeURIComponent(id)}`)).body;
  }

  async reports(id) {
    return (
      await this.request('GET', `/tests/${encodeURIComponent(id)}/reports`)
    ).body.items;
  }

  /** Run now; returns the HTTP status (202 when accepted). */
  async runNow(id) {
    return (await this.request('POST', `/tests/${encodeURIComponent(id)}/run`))
      .status;
  }
}

/** The message of Backstage's JSON error body (its stack is of no use here), or the raw text. */
function errorMessage(text) {
  try {
    const { error } = JSON.parse(text);
    return `${error.name}: ${error.message}`;
  } catch {
    return text.slice(0, 500);
  }
}
