/** The cluster used when none is configured: the one the backend runs in. */
export const IN_CLUSTER = 'in-cluster';

/** The clusters tests may name: those configured, else only the backend's own. */
export function clusterNames(clusters: readonly { name: string }[]): string[] {
  return clusters.length ? clusters.map(cluster => cluster.name) : [IN_CLUSTER];
}

/** The cluster a test runs in when it names none: the first configured, else the backend's own. */
export function defaultClusterName(
  clusters: readonly { name: string }[],
): string {
  return clusters[0]?.name ?? IN_CLUSTER;
}
