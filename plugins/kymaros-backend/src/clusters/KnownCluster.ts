import type { Config } from '@backstage/config';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';

/** How the engine connects to a cluster. */
export type ClusterConnection =
  /** Through the auth strategy its `kubernetes.io/auth-provider` names. */
  | { type: 'details'; details: ClusterDetails }
  /** A kubeconfig file, read again at every connection so rotated credentials apply. */
  | { type: 'kubeconfig'; path: string }
  /** The service account of the pod the backend runs in. */
  | { type: 'in-cluster' };

/** A cluster restores may run in. */
export interface KnownCluster {
  name: string;
  /** Where it was defined, e.g. `kymaros.clusters[0]` or `kubernetes.clusterLocatorMethods[1] (catalog)`. */
  origin: string;
  connection: ClusterConnection;
  /** The `kubernetes.clusterLocatorMethods` type it was listed by, if any. */
  locator?: string;
  /**
   * Each provider's settings for this cluster: the `kymaros.clusters` entry's
   * `providers` block merged over `kymaros.providers`. Absent when it has
   * none (then `kymaros.providers` applies).
   */
  providers?: Config;
}
