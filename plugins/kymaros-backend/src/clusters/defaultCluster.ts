/** The cluster used when none is configured: the one the backend runs in. */
export const IN_CLUSTER = 'in-cluster';

/** The clusters a test may name, and the one it runs in when it names none. */
export interface ClusterChoices {
  names: readonly string[];
  /** Absent when nothing qualifies: a test must then name its cluster. */
  defaultName?: string;
}

/**
 * The cluster a test runs in when it names none, chosen only among
 * clusters the operator wrote down, so it never depends on what a catalog,
 * GKE or a proxy lists, nor in which order: `kymaros.clusters[0]`, else the
 * first cluster of the first `type: config` locator, else, with no cluster
 * source configured at all, the backend's own cluster.
 */
export function defaultClusterName(configured: {
  own: readonly { name: string }[];
  /** The clusters of `type: config` locators, in configuration order. */
  configLocated: readonly { name: string }[];
  /** Whether any locator or module supplies clusters. */
  hasSources: boolean;
}): string | undefined {
  if (configured.own.length) return configured.own[0].name;
  if (configured.configLocated.length) return configured.configLocated[0].name;
  return configured.hasSources ? undefined : IN_CLUSTER;
}

/** The choices when only `kymaros.clusters` is known (no locators). */
export function choicesFromOwn(
  own: readonly { name: string }[],
): ClusterChoices {
  return {
    names: own.length ? own.map(cluster => cluster.name) : [IN_CLUSTER],
    defaultName: defaultClusterName({
      own,
      configLocated: [],
      hasSources: false,
    }),
  };
}

/** The choices a definition is checked against: the registry's when given, else `kymaros.clusters` alone. */
export function clusterChoices(ctx: {
  clusters?: ClusterChoices;
  config: { clusters: readonly { name: string }[] };
}): ClusterChoices {
  return ctx.clusters ?? choicesFromOwn(ctx.config.clusters);
}
