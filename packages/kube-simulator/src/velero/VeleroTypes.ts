import type { ResourceRegistry, ResourceType } from '../api/resources';

export function veleroKinds(registry: ResourceRegistry) {
  const f = (plural: string): ResourceType =>
    registry.find('velero.io', 'v1', plural)!;
  return {
    backups: f('backups'),
    restores: f('restores'),
    schedules: f('schedules'),
    downloadRequests: f('downloadrequests'),
    bsls: f('backupstoragelocations'),
  };
}

export type VeleroKinds = ReturnType<typeof veleroKinds>;
