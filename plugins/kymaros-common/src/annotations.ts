/**
 * Catalog annotations that opt an entity in and shape its restore test.
 *
 * @public
 */
export const KYMAROS_ANNOTATIONS = {
  enabled: 'kymaros.io/enabled',
  namespaces: 'kymaros.io/namespaces',
  cluster: 'kymaros.io/cluster',
  schedule: 'kymaros.io/schedule',
  provider: 'kymaros.io/provider',
  maxRto: 'kymaros.io/max-rto',
  maxRpo: 'kymaros.io/max-rpo',
  healthCheckPolicy: 'kymaros.io/health-check-policy',
  networkIsolation: 'kymaros.io/network-isolation',
  backup: 'kymaros.io/backup',
  restoreTest: 'kymaros.io/restore-test',
} as const;

/**
 * The Kubernetes plugin's namespace annotation, used when `kymaros.io/namespaces` is absent.
 *
 * @public
 */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';

/**
 * Labels on every sandbox namespace and every object the engine creates.
 *
 * @public
 */
export const SANDBOX_LABELS = {
  managedBy: 'kymaros.io/managed-by',
  test: 'kymaros.io/test',
  testNamespace: 'kymaros.io/test-namespace',
  group: 'kymaros.io/group',
  run: 'kymaros.io/run',
} as const;

/** @public */
export const MANAGED_BY_VALUE = 'kymaros-backstage';

/**
 * True when an entity's annotations opt it in to restore tests:
 * `kymaros.io/enabled` is `true` (in any letter case, as the catalog's own
 * filters compare it) or a `kymaros.io/restore-test` reference is given. The
 * backend's test discovery and the frontend's pages both ask this.
 *
 * @public
 */
export function isKymarosOptedIn(
  annotations: Record<string, string> | undefined,
): boolean {
  return (
    annotations?.[KYMAROS_ANNOTATIONS.enabled]?.toLowerCase() === 'true' ||
    Boolean(annotations?.[KYMAROS_ANNOTATIONS.restoreTest]?.trim())
  );
}
