import * as k8s from '@kubernetes/client-node';

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

/** What `read` returns, or undefined when the API server says the object does not exist. */
export async function readIfPresent<T>(
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof k8s.ApiException && e.code === 404) return undefined;
    throw e;
  }
}
