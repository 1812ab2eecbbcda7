import type { BackupItem } from '@kymaros/plugin-kymaros-node';
import { groupOf } from './backupObjectNames';

/** A kind a sandbox restore never brings back, why, and what the run therefore does not test. */
export interface SandboxExcludedResource {
  /** `<plural>[.<group>]`, as restores name it. */
  resource: string;
  kind: string;
  why: string;
  notTested: string;
}

/**
 * The one list of kinds left out of every sandbox restore: each would reach
 * outside the sandbox, act on the source's objects, or change the cluster
 * for everyone.
 */
export const SANDBOX_EXCLUDED_RESOURCES: SandboxExcludedResource[] = [
  {
    resource: 'ingresses.networking.k8s.io',
    kind: 'Ingress',
    why: 'would take the production host names on the shared ingress controller',
    notTested: 'external routing',
  },
  ...['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'Gateway'].map(kind => ({
    resource: `${kind.toLowerCase()}s.gateway.networking.k8s.io`,
    kind,
    why: 'would attach production host names or listeners to shared gateways',
    notTested: 'external routing',
  })),
  ...[
    ['virtualservices.networking.istio.io', 'VirtualService'],
    ['gateways.networking.istio.io', 'Gateway'],
    ['ingressroutes.traefik.io', 'IngressRoute'],
    ['ingressroutes.traefik.containo.us', 'IngressRoute'],
    ['httpproxies.projectcontour.io', 'HTTPProxy'],
    ['routes.route.openshift.io', 'Route'],
  ].map(([resource, kind]) => ({
    resource,
    kind,
    why: 'the shared ingress or mesh would route production host names to the sandbox',
    notTested: 'external routing',
  })),
  {
    resource: 'certificates.cert-manager.io',
    kind: 'Certificate',
    why: 'would ask the certificate authority for the production names',
    notTested: 'certificate issuance',
  },
  {
    resource: 'issuers.cert-manager.io',
    kind: 'Issuer',
    why: 'holds credentials for the production certificate authority',
    notTested: 'certificate issuance',
  },
  {
    resource: 'certificaterequests.cert-manager.io',
    kind: 'CertificateRequest',
    why: 'would be signed again by the certificate authority',
    notTested: 'certificate issuance',
  },
  {
    resource: 'horizontalpodautoscalers.autoscaling',
    kind: 'HorizontalPodAutoscaler',
    why: 'would scale the sandbox past its quota on production-sized targets',
    notTested: 'autoscaling',
  },
  {
    resource: 'servicemonitors.monitoring.coreos.com',
    kind: 'ServiceMonitor',
    why: "would feed the sandbox's metrics into production monitoring and alerts",
    notTested: 'monitoring',
  },
  {
    resource: 'podmonitors.monitoring.coreos.com',
    kind: 'PodMonitor',
    why: "would feed the sandbox's metrics into production monitoring and alerts",
    notTested: 'monitoring',
  },
  {
    resource: 'prometheusrules.monitoring.coreos.com',
    kind: 'PrometheusRule',
    why: "production's alert rules would fire on the sandbox and page its owners",
    notTested: 'alerting',
  },
  {
    resource: 'alertmanagerconfigs.monitoring.coreos.com',
    kind: 'AlertmanagerConfig',
    why: "would send the sandbox's alerts to production's receivers",
    notTested: 'alerting',
  },
  {
    resource: 'externalsecrets.external-secrets.io',
    kind: 'ExternalSecret',
    why: "would fetch production's secrets again with the source's secret store",
    notTested: 'secret synchronisation (the restored Secrets are kept)',
  },
  {
    resource: 'pushsecrets.external-secrets.io',
    kind: 'PushSecret',
    why: "would write the sandbox's Secrets into production's secret store",
    notTested: 'secret synchronisation (the restored Secrets are kept)',
  },
  {
    resource: 'networkpolicies.networking.k8s.io',
    kind: 'NetworkPolicy',
    why: "policies are additive: a restored one could re-open the sandbox's isolation",
    notTested: "the app's own network policies; the sandbox's apply",
  },
  {
    resource: 'mutatingwebhookconfigurations.admissionregistration.k8s.io',
    kind: 'MutatingWebhookConfiguration',
    why: 'cluster-wide: would intercept every namespace’s objects',
    notTested: 'admission webhooks',
  },
  {
    resource: 'validatingwebhookconfigurations.admissionregistration.k8s.io',
    kind: 'ValidatingWebhookConfiguration',
    why: 'cluster-wide: would intercept every namespace’s objects',
    notTested: 'admission webhooks',
  },
  {
    resource: 'clusterroles.rbac.authorization.k8s.io',
    kind: 'ClusterRole',
    why: 'cluster-wide permissions: would change what others may do',
    notTested: 'cluster-wide permissions',
  },
  {
    resource: 'clusterrolebindings.rbac.authorization.k8s.io',
    kind: 'ClusterRoleBinding',
    why: 'cluster-wide permissions: would grant the source’s subjects rights again',
    notTested: 'cluster-wide permissions',
  },
  {
    resource: 'customresourcedefinitions.apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    why: 'cluster-wide: would replace the definition every namespace uses',
    notTested: 'custom resource definitions',
  },
];

/** The resources to hand the provider. */
export const sandboxExcludedResourceNames = SANDBOX_EXCLUDED_RESOURCES.map(
  e => e.resource,
);

/** `ingresses.networking.k8s.io` → `networking.k8s.io`; `pods` → the core group. */
function groupOfResource(resource: string): string {
  const dot = resource.indexOf('.');
  return dot < 0 ? '' : resource.slice(dot + 1);
}

/** The exclusion that covers this object, if any (by kind and exact API group). */
export function sandboxExclusionOf(
  item: Pick<BackupItem, 'apiVersion' | 'kind'>,
): SandboxExcludedResource | undefined {
  const group = groupOf(item.apiVersion);
  return SANDBOX_EXCLUDED_RESOURCES.find(
    e => e.kind === item.kind && groupOfResource(e.resource) === group,
  );
}
