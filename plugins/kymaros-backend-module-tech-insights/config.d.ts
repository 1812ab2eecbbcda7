export interface Config {
  kymaros?: {
    /** The Tech Insights module (`@kymaros/plugin-kymaros-backend-module-tech-insights`). */
    techInsights?: {
      /**
       * Catalog filter of the entities that get facts (hasRestoreTest false)
       * when no restore test covers them, as `key=value` pairs separated by
       * commas (`kind=component,spec.lifecycle=production`); `false` for
       * tested entities only. Default `kind=component`.
       */
      catalogFilter?: string | false;
    };
  };
}
