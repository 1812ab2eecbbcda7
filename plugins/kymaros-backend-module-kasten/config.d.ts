export interface Config {
  kymaros?: {
    providers?: {
      /** The Kasten K10 provider (`@kymaros/plugin-kymaros-backend-module-kasten`); a cluster's `providers.kasten` overrides it. */
      kasten?: {
        /** The namespace K10 is installed in. Default `kasten-io`. */
        namespace?: string;
        /**
         * Restore from a policy run's exported restore point when it made one
         * (it does not depend on the cluster's storage snapshots). Default true.
         */
        preferExported?: boolean;
      };
    };
  };
}
