/**
 * How "What to fix" speaks of a backup tool: its name, the object that
 * takes backups on a schedule, and the commands that list and inspect
 * backups. A tool not listed here gets sentences without commands.
 */
export interface ProviderVocabulary {
  /** As people write it: `Velero`, `Kasten K10`. */
  title: string;
  /** The object that backs namespaces up on a schedule, as YAML to copy. */
  scheduleSnippet(namespaces: string[]): string;
  /** What the snippet is, in a sentence: `this Velero Schedule`. */
  scheduleName: string;
  /** The command that lists the namespace's backups and their states. */
  listBackups(namespace: string): string;
  /** The command that shows what one backup holds. */
  describeBackup: string;
}

const velero: ProviderVocabulary = {
  title: 'Velero',
  scheduleName: 'this Velero Schedule',
  scheduleSnippet: namespaces =>
    [
      `apiVersion: velero.io/v1`,
      `kind: Schedule`,
      `metadata:`,
      `  name: ${namespaces[0]}-daily`,
      `  namespace: velero`,
      `spec:`,
      `  schedule: "0 2 * * *"`,
      `  template:`,
      `    includedNamespaces:`,
      ...namespaces.map(n => `      - ${n}`),
      `    ttl: 720h0m0s`,
    ].join('\n'),
  listBackups: () => 'velero backup get',
  describeBackup: 'velero backup describe <backup> --details',
};

// Policy fields as Kasten documents them (docs.kasten.io, API reference: Policies).
const kasten: ProviderVocabulary = {
  title: 'Kasten K10',
  scheduleName: 'this Kasten policy, which also exports each backup',
  scheduleSnippet: namespaces =>
    [
      `apiVersion: config.kio.kasten.io/v1alpha1`,
      `kind: Policy`,
      `metadata:`,
      `  name: ${namespaces[0]}-daily`,
      `  namespace: kasten-io`,
      `spec:`,
      `  frequency: "@daily"`,
      `  retention:`,
      `    daily: 7`,
      `  actions:`,
      `    - action: backup`,
      `    - action: export`,
      `      exportParameters:`,
      `        profile:`,
      `          name: <location profile>`,
      `          namespace: kasten-io`,
      `  selector:`,
      `    matchExpressions:`,
      `      - key: k10.kasten.io/appNamespace`,
      `        operator: In`,
      `        values: [${namespaces.join(', ')}]`,
    ].join('\n'),
  listBackups: namespace =>
    `kubectl get restorepoints.apps.kio.kasten.io -n ${namespace}`,
  describeBackup:
    'kubectl get --raw /apis/apps.kio.kasten.io/v1alpha1/namespaces/<namespace>/restorepoints/<restore point>/details',
};

// BackupConfiguration fields from kubestash/apimachinery (apis/core/v1alpha1/backupconfiguration_types.go)
// and the namespace manifest backup of KubeStash's kubedump addon.
const kubestash: ProviderVocabulary = {
  title: 'KubeStash',
  scheduleName: 'this KubeStash BackupConfiguration (one per namespace)',
  scheduleSnippet: namespaces =>
    namespaces
      .map(namespace =>
        [
          `apiVersion: core.kubestash.com/v1alpha1`,
          `kind: BackupConfiguration`,
          `metadata:`,
          `  name: ${namespace}-manifests`,
          `  namespace: ${namespace}`,
          `spec:`,
          `  target:`,
          `    apiGroup: ""`,
          `    kind: Namespace`,
          `    name: ${namespace}`,
          `  backends:`,
          `    - name: default`,
          `      storageRef: { name: <backup storage>, namespace: stash }`,
          `      retentionPolicy: { name: <retention policy>, namespace: stash }`,
          `  sessions:`,
          `    - name: daily`,
          `      scheduler:`,
          `        schedule: "0 2 * * *"`,
          `      repositories:`,
          `        - name: ${namespace}-manifests`,
          `          backend: default`,
          `          directory: /${namespace}/manifests`,
          `          encryptionSecret: { name: <encryption secret>, namespace: stash }`,
          `      addon:`,
          `        name: kubedump-addon`,
          `        tasks:`,
          `          - name: manifest-backup`,
        ].join('\n'),
      )
      .join('\n---\n'),
  listBackups: namespace =>
    `kubectl get snapshots.storage.kubestash.com -A -l kubestash.com/app-ref-namespace=${namespace}`,
  describeBackup:
    'kubectl describe snapshots.storage.kubestash.com <snapshot> -n <repository namespace>',
};

const vocabularies: Record<string, ProviderVocabulary> = {
  velero,
  kasten,
  kubestash,
};

/** The vocabulary of a provider by its `provider` value, if "What to fix" knows the tool. */
export function providerVocabulary(
  provider: string | undefined,
): ProviderVocabulary | undefined {
  return provider ? vocabularies[provider] : undefined;
}

/**
 * A provider's name as a title starts with it: `velero` → `Velero`,
 * `kasten` → `Kasten K10`; a name it does not know, capitalised.
 *
 * @public
 */
export function providerTitle(provider: string): string {
  return (
    providerVocabulary(provider)?.title ??
    provider.charAt(0).toUpperCase() + provider.slice(1)
  );
}
