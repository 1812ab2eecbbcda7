import { cr, type ResourceRegistry, type ResourceType } from '../api/resources';

const core = 'core.kubestash.com';
const storage = 'storage.kubestash.com';

/**
 * KubeStash's kinds as its CRDs ship them (kubestash/apimachinery@crds/):
 * the plurals are the CRDs' own (`backupverifier` and
 * `backupverificationsession` are not pluralised), and only the kinds whose
 * CRD declares `subresources.status` have a status subresource.
 */
export const kubestashResources: ResourceType[] = [
  cr(core, 'v1alpha1', 'RestoreSession', 'restoresessions', true, true, [
    'restore',
  ]),
  cr(
    core,
    'v1alpha1',
    'BackupConfiguration',
    'backupconfigurations',
    true,
    true,
    ['bc'],
  ),
  cr(core, 'v1alpha1', 'BackupSession', 'backupsessions', true, true),
  cr(core, 'v1alpha1', 'BackupVerifier', 'backupverifier', true, false),
  cr(
    core,
    'v1alpha1',
    'BackupVerificationSession',
    'backupverificationsession',
    true,
    true,
  ),
  cr(storage, 'v1alpha1', 'Snapshot', 'snapshots', true, true),
  cr(storage, 'v1alpha1', 'Repository', 'repositories', true, true, ['repo']),
  cr(storage, 'v1alpha1', 'RetentionPolicy', 'retentionpolicies', true, false),
  cr(storage, 'v1alpha1', 'BackupStorage', 'backupstorages', true, true),
];

/** The KubeStash kinds the double's controllers work with. */
export function kubestashKinds(registry: ResourceRegistry) {
  const find = (group: string, plural: string): ResourceType =>
    registry.find(group, 'v1alpha1', plural)!;
  return {
    restoreSessions: find(core, 'restoresessions'),
    backupConfigurations: find(core, 'backupconfigurations'),
    backupSessions: find(core, 'backupsessions'),
    snapshots: find(storage, 'snapshots'),
    repositories: find(storage, 'repositories'),
    retentionPolicies: find(storage, 'retentionpolicies'),
  };
}

export type KubeStashKinds = ReturnType<typeof kubestashKinds>;

/** Labels KubeStash puts on Snapshots (kubestash/apimachinery@apis/constant.go). */
export const snapshotLabels = {
  appRefKind: 'kubestash.com/app-ref-kind',
  appRefName: 'kubestash.com/app-ref-name',
  appRefNamespace: 'kubestash.com/app-ref-namespace',
  repoName: 'kubestash.com/repo-name',
};
