import { parseKymarosFile } from '../definitions/parseKymarosFile';
import { restoreTestSpecSchema } from '../definitions/restoreTestSchema';
import { builtInCheckTypes } from '../checks/builtInCheckTypes';

/** A RestoreTest as Kymaros' documentation writes it, with `notifications` as given. */
const file = (notifications: string) => `apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: orders-nightly, namespace: orders }
spec:
  backupSource: { provider: velero, backupName: latest, namespaces: [{ name: orders }] }
  schedule: { cron: "0 3 * * *" }
  sandbox: { namespacePrefix: kym }
  sla: { maxRTO: 15m, alertOnExceed: true }
  notifications:
${notifications}
`;

const load = (notifications: string) => {
  const parsed = parseKymarosFile(file(notifications), 'kymaros.yaml');
  expect(parsed.errors).toEqual([]);
  expect(parsed.tests).toHaveLength(1);
  return parsed.tests[0];
};

describe('spec.notifications in a RestoreTest file', () => {
  it('loads onFailure and onSuccess targets as Kymaros writes them, nothing dropped', () => {
    const test = load(`    onFailure:
      - type: slack
        channel: "#orders-alerts"
        webhookSecretRef: slack-webhook
      - type: webhook
        webhookSecretRef: pager-bridge
    onSuccess:
      - type: slack
        webhookSecretRef: slack-webhook`);
    expect(test.error).toBeUndefined();
    const spec = restoreTestSpecSchema(builtInCheckTypes()).parse(test.spec);
    expect(spec.notifications).toEqual({
      onFailure: [
        {
          type: 'slack',
          channel: '#orders-alerts',
          webhookSecretRef: 'slack-webhook',
        },
        { type: 'webhook', webhookSecretRef: 'pager-bridge' },
      ],
      onSuccess: [{ type: 'slack', webhookSecretRef: 'slack-webhook' }],
    });
    expect(spec.sla).toEqual({ maxRTO: '15m', alertOnExceed: true });
  });

  it('refuses a type other than slack or webhook, naming the field', () => {
    expect(
      load(`    onFailure:
      - type: pagerduty
        webhookSecretRef: pd-key`).error,
    ).toBe(
      'kymaros.yaml document 1, line 11 column 15: spec.notifications.onFailure.0.type: must be one of slack, webhook',
    );
  });

  it('refuses an unknown key instead of dropping it', () => {
    expect(
      load(`    onRegression:
      - type: slack
        webhookSecretRef: slack-webhook`).error,
    ).toBe(
      "kymaros.yaml document 1, line 10 column 5: spec.notifications: Unrecognized key(s) in object: 'onRegression'",
    );
    expect(
      load(`    onFailure:
      - type: slack
        webhookSecretRef: slack-webhook
        mention: "@oncall"`).error,
    ).toBe(
      "kymaros.yaml document 1, line 13 column 9: spec.notifications.onFailure.0: Unrecognized key(s) in object: 'mention'",
    );
  });

  it('requires webhookSecretRef and says what it holds', () => {
    expect(
      load(`    onFailure:
      - type: slack
        channel: "#alerts"`).error,
    ).toBe(
      'kymaros.yaml document 1, line 11 column 9: spec.notifications.onFailure.0.webhookSecretRef: Required: the name of a Secret or of a kymaros.notifications.secrets entry (lowercase letters, digits, - and .), holding the webhook URL',
    );
  });

  it("refuses the documentation's {name, namespace} form: the operator only ever read a name", () => {
    expect(
      load(`    onFailure:
      - type: webhook
        webhookSecretRef: { name: hook, namespace: ops }`).error,
    ).toBe(
      'kymaros.yaml document 1, line 12 column 27: spec.notifications.onFailure.0.webhookSecretRef: must be the name of a Secret or of a kymaros.notifications.secrets entry (lowercase letters, digits, - and .)',
    );
  });

  it('never repeats a value that is not a Secret name (it may be the URL itself)', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXSECRET';
    const { error } = load(`    onFailure:
      - type: slack
        webhookSecretRef: "${url}"`);
    expect(error).toBe(
      'kymaros.yaml document 1, line 12 column 27: spec.notifications.onFailure.0.webhookSecretRef: must be the name of a Secret or of a kymaros.notifications.secrets entry (lowercase letters, digits, - and .), not the URL itself: keep the URL in the Secret',
    );
    expect(error).not.toContain('XXXXSECRET');
  });
});
