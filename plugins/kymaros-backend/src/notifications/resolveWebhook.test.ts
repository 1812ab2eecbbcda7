import { ConfigReader } from '@backstage/config';
import * as k8s from '@kubernetes/client-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { kubernetesSecretReader } from './kubernetesSecretReader';
import { readNotificationsConfig } from './readNotificationsConfig';
import { resolveWebhook, type SecretReader } from './resolveWebhook';

const HOOK = 'https://hooks.slack.com/services/T0/B0/SECRETx';
const config = (notifications: object = {}) =>
  readNotificationsConfig(new ConfigReader({ kymaros: { notifications } }));

/** Secrets by `cluster/namespace/name`, recording what was asked for. */
function fakeSecrets(secrets: Record<string, Record<string, string>>) {
  const asked: string[] = [];
  const reader: SecretReader = {
    read: async (cluster, namespace, name) => {
      asked.push(`${cluster}/${namespace}/${name}`);
      return secrets[`${cluster}/${namespace}/${name}`];
    },
  };
  return { reader, asked };
}

describe('resolveWebhook', () => {
  it('takes a configured entry first, without reading any Secret', async () => {
    const { reader, asked } = fakeSecrets({});
    await expect(
      resolveWebhook(
        'slack-alerts',
        { cluster: 'lab' },
        config({
          secrets: { 'slack-alerts': { url: HOOK, signingSecret: 'k1' } },
        }),
        reader,
      ),
    ).resolves.toEqual({
      url: HOOK,
      signingSecret: 'k1',
      source: 'kymaros.notifications.secrets.slack-alerts',
    });
    expect(asked).toEqual([]);
  });

  it("reads the Secret in the test's namespace, else in the configured one, url before webhook-url", async () => {
    const { reader, asked } = fakeSecrets({
      'lab/orders/hook': { 'webhook-url': 'https://b.example', url: HOOK },
      'lab/kymaros-system/hook': {
        'webhook-url': 'https://ops.example/hook',
        'signing-secret': 'k2',
      },
    });
    await expect(
      resolveWebhook(
        'hook',
        { cluster: 'lab', namespace: 'orders' },
        config({ secretNamespaces: ['orders'] }),
        reader,
      ),
    ).resolves.toMatchObject({ url: HOOK, signingSecret: undefined });
    await expect(
      resolveWebhook(
        'hook',
        { cluster: 'lab' },
        config({ signingSecret: 'fallback' }),
        reader,
      ),
    ).resolves.toEqual({
      url: 'https://ops.example/hook',
      signingSecret: 'k2',
      source: 'Secret "hook" in namespace "kymaros-system" of cluster "lab"',
    });
    expect(asked).toEqual(['lab/orders/hook', 'lab/kymaros-system/hook']);
  });

  it('names the reference and where it looked, never a value', async () => {
    const { reader } = fakeSecrets({
      'lab/ops/no-url': { token: 'SECRETx' },
      'lab/ops/ftp': { url: 'ftp://SECRETx@files.example/x' },
    });
    const problem = (ref: string, notifications: object = {}) =>
      resolveWebhook(
        ref,
        { cluster: 'lab', namespace: 'ops' },
        config({ secretNamespaces: ['ops'], ...notifications }),
        reader,
      ).then(
        () => 'resolved',
        e => String(e.message),
      );
    expect(await problem('missing')).toBe(
      'webhookSecretRef "missing": no kymaros.notifications.secrets entry and no Secret "missing" in namespace "ops" of cluster "lab"',
    );
    expect(await problem('no-url')).toBe(
      'webhookSecretRef "no-url": Secret "no-url" in namespace "ops" of cluster "lab" has no "url" or "webhook-url" key',
    );
    expect(await problem('ftp')).toBe(
      'webhookSecretRef "ftp": the "url" of Secret "ftp" in namespace "ops" of cluster "lab" must be an http or https URL',
    );
    expect(await problem('ftp', { clusterSecrets: false })).toBe(
      'webhookSecretRef "ftp": no kymaros.notifications.secrets entry of that name (Kubernetes Secrets are not read: kymaros.notifications.clusterSecrets is false)',
    );
  });

  it("never reads a Secret in a namespace the platform did not allow, whatever the file's metadata.namespace says", async () => {
    const { reader, asked } = fakeSecrets({
      'lab/payments/db-credentials': { url: 'https://SECRETx.example' },
    });
    const refused = await resolveWebhook(
      'db-credentials',
      { cluster: 'lab', namespace: 'payments' },
      config(),
      reader,
    ).catch(e => e);
    expect(refused.name).toBe('NotAllowedError');
    expect(refused.message).toBe(
      'webhookSecretRef "db-credentials": Secrets are not read in namespace "payments" (the test\'s metadata.namespace); kymaros.notifications.secretNamespaces allows "kymaros-system"',
    );
    expect(asked).toEqual([]);
  });

  it('refuses at start-up a configured URL that could never be sent to, naming the key only', () => {
    expect(() =>
      config({ secrets: { ops: { url: 'file:///etc/SECRETx' } } }),
    ).toThrow(
      /^kymaros\.notifications\.secrets\.ops\.url: must be an http or https URL$/,
    );
  });
});

describe('kubernetesSecretReader', () => {
  it("reads a Secret's data decoded, and nothing for a Secret that does not exist", async () => {
    const t = await testSimulator();
    try {
      await t.core.createNamespace({ body: { metadata: { name: 'orders' } } });
      await t.core.createNamespacedSecret({
        namespace: 'orders',
        body: {
          metadata: { name: 'slack-hook' },
          type: 'Opaque',
          data: { url: Buffer.from(HOOK).toString('base64') },
        } as k8s.V1Secret,
      });
      const reader = kubernetesSecretReader({
        kubeConfig: async () => t.kc,
      });
      const data = await reader.read('lab', 'orders', 'slack-hook');
      expect(data?.url).toBe(HOOK);
      await expect(reader.read('lab', 'orders', 'other')).resolves.toBe(
        undefined,
      );
    } finally {
      await t.sim.stop();
    }
  });
});
