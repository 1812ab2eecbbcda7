export interface Config {
  kymaros?: {
    /** The embedded Kubernetes + Velero simulator started with the backend (development and demo). */
    simulator?: {
      /** Start the simulator; when false, Kymaros uses the configured clusters. */
      enabled?: boolean;
      /** Address to listen on (default 127.0.0.1). */
      host?: string;
      /** Port to listen on (default 6443; 0 picks a free one). */
      port?: number;
      /** Serve HTTPS with a generated CA (default true). */
      tls?: boolean;
      /**
       * Bearer token clients must send (random when absent).
       * @visibility secret
       */
      token?: string;
      /** Scenario file, relative to the repository root (default: the bundled demo). */
      scenario?: string;
      /** Where to write a kubeconfig for the simulator, relative to the repository root. */
      kubeconfigPath?: string;
    };
  };
}
