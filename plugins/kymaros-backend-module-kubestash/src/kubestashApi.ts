/**
 * KubeStash's API groups and plurals, from its CRDs
 * (kubestash/apimachinery@crds/core.kubestash.com_*.yaml and
 * storage.kubestash.com_*.yaml).
 */
export const CORE = { group: 'core.kubestash.com', version: 'v1alpha1' };
export const STORAGE = { group: 'storage.kubestash.com', version: 'v1alpha1' };

export const plurals = {
  restoreSessions: 'restoresessions',
  backupConfigurations: 'backupconfigurations',
  backupSessions: 'backupsessions',
  snapshots: 'snapshots',
  retentionPolicies: 'retentionpolicies',
} as const;

/** Labels KubeStash puts on Snapshots (kubestash/apimachinery@apis/constant.go). */
export const labels = {
  appRefKind: 'kubestash.com/app-ref-kind',
  appRefName: 'kubestash.com/app-ref-name',
  appRefNamespace: 'kubestash.com/app-ref-namespace',
  repoName: 'kubestash.com/repo-name',
  invokerName: 'kubestash.com/invoker-name',
} as const;

/** The loose shape of the KubeStash objects read here. */
export interface KubeStashObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
  };
  spec?: any;
  status?: any;
}
