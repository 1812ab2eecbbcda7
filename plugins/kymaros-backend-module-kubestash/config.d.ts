export interface Config {
  kymaros?: {
    providers?: {
      /** The KubeStash provider (`@kymaros/plugin-kymaros-backend-module-kubestash`); a cluster's `providers.kubestash` overrides it. */
      kubestash?: {
        /** The namespace KubeStash's operator runs in; no test may restore from or into it. Default `kubestash`. */
        namespace?: string;
        /**
         * The namespace holding KubeStash's Repositories and Snapshots, when
         * they have one of their own (it is then protected like the
         * operator's). Without it, a namespace's backups are the Snapshots kept in that namespace.
         */
        repositoryNamespace?: string;
      };
    };
  };
}
