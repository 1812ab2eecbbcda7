import * as k8s from '@kubernetes/client-node';
import { describeError } from '../util/errors';
import { SERVICE_ACCOUNT_TOKEN_TYPE } from '../fidelity/planTransformations';

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
      await this.remove(
        service,
        '/spec/externalIPs',
        `Service ${namespace}`,
        body =>
          this.core.patchNamespacedService(
            { namespace, name: service.metadata!.name!, body },
            jsonPatch,
          ),
      );
    }
  }

  private async sweepTokens(namespace: string) {
    const secrets = await this.core.listNamespacedSecret({
      namespace,
      fieldSelector: `type=${SERVICE_ACCOUNT_TOKEN_TYPE}`,
    });
    for (const secret of secrets.items) {
      if (secret.type !== SERVICE_ACCOUNT_TOKEN_TYPE || !secret.data) continue;
      await this.remove(secret, '/data', `Secret ${namespace}`, body =>
        this.core.patchNamespacedSecret(
          { namespace, name: secret.metadata!.name!, body },
          jsonPatch,
        ),
      );
    }
  }

  /** Removes one field of an object, only while it is the object listed (its uid). */
  private remove(
    object: { metadata?: k8s.V1ObjectMeta },
    path: string,
    where: string,
    send: (body: object[]) => Promise<unknown>,
  ) {
    const { name, uid } = object.metadata!;
    return this.patch(
      () =>
        send([
          { op: 'test', path: '/metadata/uid', value: uid },
          { op: 'remove', path },
        ]),
      `${where}/${name}`,
    );
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
