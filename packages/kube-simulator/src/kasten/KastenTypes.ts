import { cr, type ResourceRegistry, type ResourceType } from '../api/resources';

/**
 * Kasten K10's kinds as its API serves them. `apps.kio.kasten.io` and
 * `actions.kio.kasten.io` come from K10's aggregated API server (not CRDs),
 * which answers the `details` subresource; `config.kio.kasten.io` kinds are
 * CRDs. Groups, plurals and scopes: https://docs.kasten.io/latest/api/restorepoints
 * and https://docs.kasten.io/latest/api/actions (the status subresource
 * setting of the aggregated kinds is not published: unverified).
 */
export const kastenResources: ResourceType[] = [
  {
    ...cr(
      'apps.kio.kasten.io',
      'v1alpha1',
      'RestorePoint',
      'restorepoints',
      true,
      false,
    ),
    extraSubresources: ['details'],
  },
  cr(
    'apps.kio.kasten.io',
    'v1alpha1',
    'RestorePointContent',
    'restorepointcontents',
    false,
    false,
  ),
  {
    ...cr(
      'actions.kio.kasten.io',
      'v1alpha1',
      'RestoreAction',
      'restoreactions',
      true,
      false,
    ),
    extraSubresources: ['details'],
  },
  cr(
    'actions.kio.kasten.io',
    'v1alpha1',
    'RunAction',
    'runactions',
    true,
    false,
  ),
  cr(
    'actions.kio.kasten.io',
    'v1alpha1',
    'BackupAction',
    'backupactions',
    true,
    false,
  ),
  cr('config.kio.kasten.io', 'v1alpha1', 'Policy', 'policies', true, false),
];

/** Labels K10 puts on restore points and their contents (reference: K10 8.5.x objects, unverified beyond that). */
export const kastenLabels = {
  appName: 'k10.kasten.io/appName',
  appNamespace: 'k10.kasten.io/appNamespace',
  policyName: 'k10.kasten.io/policyName',
  policyNamespace: 'k10.kasten.io/policyNamespace',
  runActionName: 'k10.kasten.io/runActionName',
  exportProfile: 'k10.kasten.io/exportProfile',
};

export function kastenKinds(registry: ResourceRegistry) {
  const f = (group: string, plural: string): ResourceType =>
    registry.find(group, 'v1alpha1', plural)!;
  return {
    restorePoints: f('apps.kio.kasten.io', 'restorepoints'),
    restorePointContents: f('apps.kio.kasten.io', 'restorepointcontents'),
    restoreActions: f('actions.kio.kasten.io', 'restoreactions'),
    runActions: f('actions.kio.kasten.io', 'runactions'),
    backupActions: f('actions.kio.kasten.io', 'backupactions'),
    policies: f('config.kio.kasten.io', 'policies'),
  };
}

export type KastenKinds = ReturnType<typeof kastenKinds>;
