import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Kymaros restore tests: defaults for every test and the clusters they restore into. */
  kymaros?: {
    /**
     * Default cron schedule of a test (5 fields), e.g. "0 3 * * *". `H` in a
     * field picks a value from the test's id, so tests sharing a schedule
     * spread over it (default "H H(1-4) * * *": once a night between 01:00
     * and 04:59 in the scheduler's time zone, each test at its own minute).
     */
    schedule?: string;
    /**
     * Default backup provider of a test (default: the built-in `velero`;
     * kasten and trilio are recognised but not supported yet).
     */
    provider?: string;
    /**
     * Settings of each backup provider, by provider name, shared by every
     * cluster (a cluster's own `providers` block is merged over them). Each
     * provider documents its keys; the built-in one reads `namespace`, where
     * it is installed (default `velero`).
     */
    providers?: { [name: string]: { [key: string]: any } };
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
        /**
         * Size each sandbox's quota from what the backup's workloads request
         * (25% headroom, capped by `autoQuotaMax`); values set beside it are
         * the floor. Applies to tests that set no resourceQuota.
         */
        auto?: boolean;
      };
      /**
       * The most an automatic quota (`resourceQuota.auto`) gives a sandbox on
       * its own (default cpu 16, memory 64Gi, pods 100, storage 500Gi).
       * Workloads that request more stop the run before the restore, naming
       * this key.
       */
      autoQuotaMax?: {
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
      /**
       * External dependencies the sandboxes of tests that list no
       * `spec.sandbox.egress` may reach (default none): each rule names
       * exactly one of `cidr` (with optional `except`), `namespace` or
       * `namespaceSelector`, optionally with `ports`. At most 20 rules;
       * `0.0.0.0/0` or `::/0` without `except` is refused.
       */
      egress?: Array<{
        name?: string;
        cidr?: string;
        except?: string[];
        namespace?: string;
        namespaceSelector?: { [label: string]: string };
        ports?: Array<{ port: number; protocol?: 'TCP' | 'UDP' }>;
      }>;
      /**
       * Restore unfinished Jobs as runnable in tests that do not say
       * (default false: they come back suspended).
       */
      runJobs?: boolean;
    };
    /** How long restored pods may take to become Ready (default 2m). */
    podReadyTimeout?: string;
    /** Default RTO target (default 30m). */
    maxRTO?: string;
    /**
     * Default backup-age (RPO) target of tests that set none (`26h`); none
     * by default. A restored backup older than this is flagged.
     */
    maxRPO?: string;
    /** Reports kept per test (default 10). */
    historyLimit?: number;
    /** How reports are presented. */
    reports?: {
      /**
       * `metadata.namespace` of every RestoreReport the API returns, where
       * `kubectl get rr -n <namespace>` users expect Kymaros' reports
       * (default `kymaros-system`; a namespace name).
       */
      namespace?: string;
    };
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
    /**
     * The reaper, on every replica: reports dead runs and deletes what they
     * recorded. Shorthands for `schedules.reaper.frequency` and
     * `.initialDelay`; setting both a shorthand and its field is refused.
     */
    reaper?: {
      /** Time between passes (default 1m). */
      interval?: string;
      /** Delay of the first pass after start-up (default 30s). */
      initialDelay?: string;
    };
    /**
     * Cadences of the plugin's own scheduler tasks, field by field over the
     * defaults. Each task's `scope` is fixed and may not be set.
     */
    schedules?: {
      /**
       * `kymaros:refresh-tests`, on one replica at a time: reads the catalog
       * into the store.
       * @defaultValue { frequency: { seconds: 15 }, timeout: { minutes: 2 } }
       */
      refreshTests?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
      /**
       * `kymaros:sync-schedules`, on every replica: registers the tests'
       * tasks from the store.
       * @defaultValue { frequency: { seconds: 15 }, timeout: { minutes: 1 }, initialDelay: { seconds: 1 } }
       */
      syncSchedules?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
      /**
       * `kymaros:reaper`, on every replica.
       * @defaultValue { frequency: { minutes: 1 }, timeout: { minutes: 5 }, initialDelay: { seconds: 30 } }
       */
      reaper?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
    };
    /** Following the catalog. */
    catalog?: {
      /**
       * How often the catalog is read for RestoreTests, by one replica at a
       * time (default 15s). Shorthand for `schedules.refreshTests.frequency`;
       * setting both is refused.
       */
      refreshInterval?: string;
      /** Each entity's definition is read within this, or reported as timed out (default 10s). */
      entityTimeout?: string;
      /** Entities whose definitions are read at once (default 8). */
      concurrency?: number;
    };
    /**
     * Clusters Kymaros defines for itself. Restores run in these and in every
     * cluster of the Kubernetes plugin's `kubernetes.clusterLocatorMethods`
     * (`config`, `catalog`, `localKubectlProxy`, `gke`, read with the same
     * keys and defaults) and of backend modules' suppliers; an entry here
     * wins over a located cluster of the same name (then `type: config`
     * locators win over other sources, and catalog locators come last). With
     * no cluster configured anywhere, tests run in the backend's own cluster
     * (`in-cluster`). A test that names no cluster runs in
     * `kymaros.clusters[0]`, else the first cluster of the first
     * `type: config` locator, else (nothing configured) `in-cluster`; never
     * in a catalog, gke or localKubectlProxy cluster. Without any of these,
     * a test must name its cluster (`kymaros.io/cluster`).
     */
    clusters?: Array<{
      name: string;
      /**
       * The API server. The cluster is then reached through `authProvider`,
       * as a `type: config` cluster of the Kubernetes plugin is.
       */
      url?: string;
      /**
       * `serviceAccount` (default), `aws`, `googleServiceAccount`, `azure`,
       * `oidc`, `localKubectlProxy`, or one a backend module adds. `google`
       * and `aks` act as the portal's user and need
       * `kymaros.clusterAuth.serviceAuthProviders`.
       */
      authProvider?: string;
      /**
       * A bearer token (`serviceAccount`). Without one, `serviceAccount`
       * uses the service account of the pod the backend runs in.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /** `aws`: the IAM role to assume. */
      assumeRole?: string;
      /**
       * `aws`: the external ID the role's trust policy asks for.
       * @visibility secret
       */
      externalId?: string;
      /** `oidc`: the token provider whose `kymaros.clusterAuth.oidcTokens` entry is presented. */
      oidcTokenProvider?: string;
      /**
       * Auth metadata as the Kubernetes plugin reads it (e.g.
       * `kubernetes.io/x-k8s-aws-id`, `kubernetes.io/aws-assume-role`); wins
       * over the fields above.
       * @visibility secret
       */
      authMetadata?: { [key: string]: string };
      /**
       * The API server's CA, base64-encoded PEM.
       * @visibility secret
       */
      caData?: string;
      /** The API server's CA as a PEM file. */
      caFile?: string;
      skipTLSVerify?: boolean;
      /**
       * A kubeconfig file to connect with instead of `url` (read at every
       * run). With neither, the entry names the backend's own cluster.
       */
      kubeconfigPath?: string;
      /**
       * Provider settings for this cluster, by provider name, merged over
       * `kymaros.providers` (e.g. the built-in provider's `namespace`).
       */
      providers?: { [name: string]: { [key: string]: any } };
    }>;
    /**
     * Catalog clusters that are restore clusters. Anyone who can register a
     * catalog entity can describe a cluster, so a cluster listed by a
     * `kubernetes.clusterLocatorMethods` entry of `type: catalog` is sent
     * credentials only when it is listed here by name with exactly the API
     * server URL the catalog gives (`kubernetes.io/api-server`). Any other
     * catalog cluster is never connected to, and a run naming it reports
     * what to add here. Default: none.
     */
    catalogClusters?: Array<{
      name: string;
      url: string;
    }>;
    /**
     * How restore runs authenticate to clusters. Runs have no signed-in
     * user, so where the Kubernetes plugin forwards the user's token Kymaros
     * needs a credential of its own. Credentials are asked for at the start
     * of every run (and every reaper pass), never cached across runs.
     */
    clusterAuth?: {
      /**
       * For clusters with `authProvider: oidc`, by their
       * `oidcTokenProvider`: the token runs present. It must be one the
       * API server accepts for a non-personal identity (e.g. a service
       * client of the identity provider). Exactly one of `token` and
       * `tokenFile` (read at every run, so an external process can refresh
       * it). Without an entry, such clusters are refused with this key
       * named; a single cluster can instead be defined in
       * `kymaros.clusters` with its own `serviceAccountToken`.
       */
      oidcTokens?: {
        [oidcTokenProvider: string]: {
          /** @visibility secret */
          token?: string;
          tokenFile?: string;
        };
      };
      /**
       * For clusters whose auth provider signs in as the portal's user, the
       * provider runs use instead: `google: googleServiceAccount`
       * (`kubernetes.googleServiceAccountCredentials`, else Application
       * Default Credentials) and `aks: azure` (Azure's default credential
       * chain: environment, workload or managed identity). Without it such
       * clusters are refused with what to set.
       */
      serviceAuthProviders?: { [authProvider: string]: string };
    };
    /** HealthCheckPolicies any test can reference by name. */
    healthCheckPolicies?: Array<{
      name: string;
      checks: Array<{ name: string; type: string } & { [key: string]: any }>;
    }>;
    /**
     * Messages of tests' `spec.notifications` (Slack and generic webhooks),
     * sent when a test's state changes. See docs/notifications.md.
     */
    notifications?: {
      /** false sends nothing (default true). */
      enabled?: boolean;
      /**
       * Webhook URLs by `webhookSecretRef` name, looked up before any
       * Kubernetes Secret of that name.
       */
      secrets?: {
        [webhookSecretRef: string]: {
          /**
           * The webhook URL (http or https).
           * @visibility secret
           */
          url: string;
          /**
           * Key of the `X-Kymaros-Signature` HMAC of generic webhooks.
           * @visibility secret
           */
          signingSecret?: string;
        };
      };
      /**
       * Signs generic webhooks whose reference gives no key of its own.
       * @visibility secret
       */
      signingSecret?: string;
      /**
       * Whether a reference with no entry above is read from the Kubernetes
       * Secret of that name in the test's cluster (default true).
       */
      clusterSecrets?: boolean;
      /**
       * Namespace of those Secrets for tests whose file gives no
       * `metadata.namespace` (default `kymaros-system`).
       */
      secretNamespace?: string;
      /**
       * Further namespaces a test's `metadata.namespace` may name for its
       * notification Secrets; Secrets are never read in any other
       * (default: `secretNamespace` only).
       */
      secretNamespaces?: string[];
      /** Each attempt's time limit (default 10s). */
      timeout?: string;
      /** Attempts after the first on network errors, timeouts, 5xx, 408 and 429 (default 3, at most 10). */
      retries?: number;
      /** The longest `Retry-After` waited (default 1m). */
      retryAfterLimit?: string;
      /** Messages sent at once (default 4). */
      concurrency?: number;
      /**
       * Path of an entity's Restore tab under `app.baseUrl`, with
       * `{namespace}`, `{kind}` and `{name}` (default
       * `/catalog/{namespace}/{kind}/{name}/kymaros`).
       */
      entityPath?: string;
      /**
       * Backstage notifications to each test's entity owner (and `recipients`)
       * when its state changes. See docs/notifications.md.
       */
      owners?: {
        /**
         * Default: on when this backend runs the notifications plugin, off
         * when `kymaros.notifications.enabled` is false. Set true when the
         * notifications backend runs in another backend of the system.
         */
        enabled?: boolean;
        /**
         * Which changes are sent: `failure`, `error`, `regression`,
         * `recovery` (default all four).
         */
        events?: Array<'failure' | 'error' | 'regression' | 'recovery'>;
        /** Entity refs told of every test besides its owner, e.g. `group:default/sre`. */
        recipients?: string[];
      };
    };
  };
}
