/** The contents of Velero's `restore-<name>-results.gz`: messages per namespace, for the cluster, for Velero. */
export interface RestoreResults {
  errors: RestoreMessages;
  warnings: RestoreMessages;
}

export interface RestoreMessages {
  velero?: string[];
  cluster?: string[];
  namespaces?: Record<string, string[]>;
}

/** Files a message under its namespace, or under the cluster for cluster-scoped objects. */
export function addMessage(
  bucket: RestoreMessages,
  namespace: string | undefined,
  message: string,
): void {
  if (namespace) {
    ((bucket.namespaces ??= {})[namespace] ??= []).push(message);
  } else {
    (bucket.cluster ??= []).push(message);
  }
}

/** How many messages a bucket holds, as the Restore's `errors` and `warnings` counts. */
export function countMessages(bucket: RestoreMessages): number {
  return (
    (bucket.velero?.length ?? 0) +
    (bucket.cluster?.length ?? 0) +
    Object.values(bucket.namespaces ?? {}).reduce(
      (total, messages) => total + messages.length,
      0,
    )
  );
}
