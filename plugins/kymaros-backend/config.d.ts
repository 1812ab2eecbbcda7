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
      resourceQuota?: { cpu?: string; memory?: string; storage?: string; pods?: number };
      limitRange?: { defaultCpu?: string; defaultMemory?: string; defaultRequestCpu?: string; defaultRequestMemory?: string };
    };
    /** How long restored pods may take to become Ready (default 2m). */
    podReadyTimeout?: string;
    /** Default RTO target (default 30m). */
    maxRTO?: string;
    /** Reports kept per test (default 10). */
    historyLimit?: number;
    /** Hard time limits per step of a run. */
    timeouts?: { sandbox?: string; restore?: string; checks?: string; cleanup?: string; run?: string };
    concurrency?: {
      /** Runs at once per cluster, across all backend replicas (default 1). */
      perCluster?: number;
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
    healthCheckPolicies?: Array<{ name: string; checks: Array<{ name: string; type: string } & { [key: string]: any }> }>;
  };
}
