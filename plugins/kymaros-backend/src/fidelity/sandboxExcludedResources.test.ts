import {
  SANDBOX_EXCLUDED_RESOURCES,
  sandboxExcludedResourceNames,
  sandboxExclusionOf,
} from './sandboxExcludedResources';

describe('sandboxExcludedResources', () => {
  it('leaves out what reaches outside the sandbox or changes the cluster', () => {
    expect(sandboxExcludedResourceNames).toEqual(
      expect.arrayContaining([
        'ingresses.networking.k8s.io',
        'httproutes.gateway.networking.k8s.io',
        'grpcroutes.gateway.networking.k8s.io',
        'tlsroutes.gateway.networking.k8s.io',
        'gateways.gateway.networking.k8s.io',
        'certificates.cert-manager.io',
        'issuers.cert-manager.io',
        'certificaterequests.cert-manager.io',
        'horizontalpodautoscalers.autoscaling',
        'servicemonitors.monitoring.coreos.com',
        'podmonitors.monitoring.coreos.com',
        'networkpolicies.networking.k8s.io',
        'mutatingwebhookconfigurations.admissionregistration.k8s.io',
        'validatingwebhookconfigurations.admissionregistration.k8s.io',
        'clusterroles.rbac.authorization.k8s.io',
        'clusterrolebindings.rbac.authorization.k8s.io',
        'customresourcedefinitions.apiextensions.k8s.io',
        'virtualservices.networking.istio.io',
        'gateways.networking.istio.io',
        'ingressroutes.traefik.io',
        'ingressroutes.traefik.containo.us',
        'httpproxies.projectcontour.io',
        'routes.route.openshift.io',
        'prometheusrules.monitoring.coreos.com',
        'alertmanagerconfigs.monitoring.coreos.com',
        'externalsecrets.external-secrets.io',
        'pushsecrets.external-secrets.io',
      ]),
    );
    expect(new Set(sandboxExcludedResourceNames).size).toBe(
      sandboxExcludedResourceNames.length,
    );
  });

  it('says why and what goes untested for every entry', () => {
    for (const e of SANDBOX_EXCLUDED_RESOURCES) {
      expect(e.why).not.toBe('');
      expect(e.notTested).not.toBe('');
    }
  });

  it('matches an object by kind and group, not by kind alone', () => {
    expect(
      sandboxExclusionOf({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
      })?.resource,
    ).toBe('ingresses.networking.k8s.io');
    expect(
      sandboxExclusionOf({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
      })?.resource,
    ).toBe('httproutes.gateway.networking.k8s.io');
    expect(
      sandboxExclusionOf({ apiVersion: 'example.com/v1', kind: 'Ingress' }),
    ).toBeUndefined();
    expect(
      sandboxExclusionOf({ apiVersion: 'v1', kind: 'Service' }),
    ).toBeUndefined();
  });

  it('compares the API group exactly, never by suffix', () => {
    expect(
      sandboxExclusionOf({ apiVersion: 'k8s.io/v1', kind: 'Ingress' }),
    ).toBeUndefined();
    expect(
      sandboxExclusionOf({ apiVersion: 'io/v1', kind: 'Ingress' }),
    ).toBeUndefined();
    expect(
      sandboxExclusionOf({
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
      })?.resource,
    ).toBe('gateways.networking.istio.io');
    expect(
      sandboxExclusionOf({
        apiVersion: 'traefik.containo.us/v1alpha1',
        kind: 'IngressRoute',
      })?.resource,
    ).toBe('ingressroutes.traefik.containo.us');
    expect(
      sandboxExclusionOf({ apiVersion: 'route.openshift.io/v1', kind: 'Route' })
        ?.resource,
    ).toBe('routes.route.openshift.io');
  });
});
