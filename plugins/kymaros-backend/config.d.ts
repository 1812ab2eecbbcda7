export interface Config {
  /** Kymaros restore tests: defaults for every test and the clusters they restore into. */
  kymaros?: {
    /** Default cron schedule of a test (5 fields), e.g. "0 3 * * *". */
    schedule?: string;
    /** Default backup provider: velero (kasten and trilio are recognised but not supported yet). */
    provider?: string;
    sandbox?: {
      /** Prefix of sandbox namespace names (default "kymaros"). */
      namespacePrefix?: string;
      /** strict (default) or group. */
      networkIsolation?: 'strict' | 'group';
      /** Sandboxes older than this are removed by the reaper (default 2h). */
      ttl?: string;
      resourceQuota?: {
        cpu?: string;
        memory?: string;
        storage?: string;
        pods?: number;
      };
      limitRange?: {
        defaultCpu?: string;
        defaultMemory?: string;
        defaultRequestCpu?: string;
        defaultRequestMemory?: string;
      };
    };
    /** How long restored pods may take to become Ready (default 2m). */
    podReadyTimeout?: string;
    /** Default RTO target (default 30m). */
    maxRTO?: string;
    /** Reports kept per test (default 10). */
    historyLimit?: number;
    /** Hard time limits per step of a run. */
    timeouts?: {
      sandbox?: string;
      restore?: string;
      checks?: string;
      cleanup?: string;
      run?: string;
    };
    concurrency?: {
      /** Runs at once per cluster, across all backend replicas (default 1). */
      perCluster?: number;
    };
    /**
     * How long a run holds its test without renewing (default 60s; renewed
     * every third of it). After a backend dies, its runs are reported and
     * cleaned up once this has passed, at the reaper's next pass.
     */
    runLease?: string;
    /** The reaper, on every replica: reports dead runs and deletes what they recorded. */
    reaper?: {
      /** Time between passes (default 1m). */
      interval?: string;
      /** Delay of the first pass after start-up (default 30s). */
      initialDelay?: string;
    };
    /** Following the catalog. */
    catalog?: {
      /** How often the catalog is read for RestoreTests, by one replica at a time (default 15s). */
      refreshInterval?: string;
      /** Each entity's definition is read within this, or reported as timed out (default 10s). */
      entityTimeout?: string;
      /** Entities whose definitions are read at once (default 8). */
      concurrency?: number;
    };
    /**
     * Clusters restores run in. When absent, the `config` cluster locators of the
     * Kubernetes plugin (kubernetes.clusterLocatorMethods) are used.
     */
    clusters?: Array<{
      name: string;
      url?: string;
      /** @visibility secret */
      serviceAccountToken?: string;
      /** @visibility secret */
      caData?: string;
      skipTLSVerify?: boolean;
      /** A kubeconfig file to read the cluster from instead (read at every run). */
      kubeconfigPath?: string;
      /** Velero's namespace in this cluster (default velero). */
      veleroNamespace?: string;
    }>;
    /** HealthCheckPolicies any test can reference by name. */
    healthCheckPolicies?: Array<{
      name: string;
      checks: Array<{ name: string; type: string } & { [key: string]: any }>;
    }>;
  };
}
