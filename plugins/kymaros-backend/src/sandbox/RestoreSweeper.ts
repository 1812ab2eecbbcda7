import * as k8s from '@kubernetes/client-node';
import { describeError } from '../util/errors';

const TOKEN_TYPE = 'kubernetes.io/service-account-token';
/** How often the sandboxes are looked at while the tool restores. */
const SWEEP_EVERY_MS = 250;
const jsonPatch = k8s.setHeaderOptions(
  'Content-Type',
  k8s.PatchStrategy.JsonPatch,
);

/**
 * While a backup tool that cannot change objects restores into the
 * sandboxes (`appliesEdits: false`), removes what must not live there as
 * soon as it appears: the external IPs of Services (kube-proxy would send
 * traffic for those addresses to the sandbox) and the data of
 * service-account token Secrets (the source's credentials; the cluster
 * issues the sandbox its own). Writes go through the run's guarded
 * credentials, so only the run's sandboxes can be touched.
 */
export class RestoreSweeper {
  private readonly core: k8s.CoreV1Api;
  private timer?: NodeJS.Timeout;
  private sweeping: Promise<void> = Promise.resolve();
  private readonly swept = new Set<string>();
  private readonly problems = new Set<string>();
  private stopped?: Promise<{ swept: string[]; problems: string[] }>;

  constructor(
    kubeConfig: k8s.KubeConfig,
    private readonly sandboxes: string[],
  ) {
    this.core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  }

  start(): void {
    const tick = () => {
      this.sweeping = this.sweep().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, SWEEP_EVERY_MS);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops, after one last sweep of what the restore left; returns what was changed and what could not be. Idempotent. */
  stop(): Promise<{ swept: string[]; problems: string[] }> {
    this.stopped ??= this.finish();
    return this.stopped;
  }

  private async finish() {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sweeping;
    await this.sweep();
    return { swept: [...this.swept], problems: [...this.problems] };
  }

  private async sweep(): Promise<void> {
    for (const namespace of this.sandboxes) {
      await this.sweepServices(namespace).catch(e => this.problem(e));
      await this.sweepTokens(namespace).catch(e => this.problem(e));
    }
  }

  private async sweepServices(namespace: string) {
    const services = await this.core.listNamespacedService({ namespace });
    for (const service of services.items) {
      if (!service.spec?.externalIPs?.length) continue;
      const name = service.metadata!.name!;
      await this.patch(
        () =>
          this.core.patchNamespacedService(
            {
              namespace,
              name,
              body: [
                {
                  op: 'test',
                  path: '/metadata/uid',
                  value: service.metadata!.uid,
                },
                { op: 'remove', path: '/spec/externalIPs' },
              ],
            },
            jsonPatch,
          ),
        `Service ${namespace}/${name}`,
      );
    }
  }

  private async sweepTokens(namespace: string) {
    const secrets = await this.core.listNamespacedSecret({
      namespace,
      fieldSelector: `type=${TOKEN_TYPE}`,
    });
    for (const secret of secrets.items) {
      if (secret.type !== TOKEN_TYPE || !secret.data) continue;
      const name = secret.metadata!.name!;
      await this.patch(
        () =>
          this.core.patchNamespacedSecret(
            {
              namespace,
              name,
              body: [
                {
                  op: 'test',
                  path: '/metadata/uid',
                  value: secret.metadata!.uid,
                },
                { op: 'remove', path: '/data' },
              ],
            },
            jsonPatch,
          ),
        `Secret ${namespace}/${name}`,
      );
    }
  }

  private async patch(write: () => Promise<unknown>, subject: string) {
    try {
      await write();
      this.swept.add(subject);
    } catch (e) {
      // Gone or changed since it was listed: the next sweep looks again.
      if (e instanceof k8s.ApiException && [404, 409, 422].includes(e.code))
        return;
      throw e;
    }
  }

  private problem(e: unknown) {
    this.problems.add(describeError(e));
  }
}
