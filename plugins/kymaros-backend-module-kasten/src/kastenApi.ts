/**
 * Kasten K10's API coordinates. The `apps` and `actions` groups are served
 * by K10's aggregated API server (docs.kasten.io/latest/api/restorepoints,
 * docs.kasten.io/latest/api/actions); `config` kinds are CRDs in K10's
 * namespace (docs.kasten.io/latest/api/policies).
 */
export const APPS_GROUP = 'apps.kio.kasten.io';
export const ACTIONS_GROUP = 'actions.kio.kasten.io';
export const CONFIG_GROUP = 'config.kio.kasten.io';
export const VERSION = 'v1alpha1';

/**
 * Labels K10 sets on RestorePoints and RestorePointContents. appNamespace
 * is documented for restorepointcontents listing
 * (docs.kasten.io/latest/api/restorepointcontents); the policy and export
 * labels are observed on K10 8.5.x objects, not published (unverified).
 */
export const LABELS = {
  appNamespace: 'k10.kasten.io/appNamespace',
  policyName: 'k10.kasten.io/policyName',
  runActionName: 'k10.kasten.io/runActionName',
  exportProfile: 'k10.kasten.io/exportProfile',
};

/** A K10 object as the API returns it; only the fields read here are typed. */
export interface KastenObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  status?: any;
}
