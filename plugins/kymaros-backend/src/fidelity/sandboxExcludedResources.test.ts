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
});
