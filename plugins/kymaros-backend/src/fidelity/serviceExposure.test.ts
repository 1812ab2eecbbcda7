import {
  closeServiceEdit,
  closeServicesEdits,
  dropExternalIPsEdit,
} from './serviceExposure';

const closed = {
  type: 'ClusterIP',
  externalTrafficPolicy: null,
  loadBalancerIP: null,
  loadBalancerSourceRanges: null,
  loadBalancerClass: null,
  allocateLoadBalancerNodePorts: null,
  healthCheckNodePort: null,
  externalIPs: null,
};

describe('serviceExposure', () => {
  it('turns a LoadBalancer into a ClusterIP Service with its ports and no node ports', () => {
    const edit = closeServiceEdit('shop', 'web', {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      ports: [
        { name: 'http', port: 80, targetPort: 8080, nodePort: 31000 },
        { port: 443 },
      ],
    });
    expect(edit).toEqual({
      resource: 'services',
      namespace: 'shop',
      name: 'web',
      when: [{ path: '/spec/type', value: 'LoadBalancer' }],
      mergePatch: {
        spec: {
          ...closed,
          ports: [{ name: 'http', port: 80, targetPort: 8080 }, { port: 443 }],
        },
      },
    });
  });

  it('leaves ports out of the patch when the Service has none listed', () => {
    expect(
      closeServiceEdit('shop', 'np', { type: 'NodePort' }).mergePatch,
    ).toEqual({
      spec: closed,
    });
  });

  it('closes every exposed Service of a namespace without the bodies', () => {
    expect(closeServicesEdits('shop')).toEqual([
      {
        resource: 'services',
        namespace: 'shop',
        when: [{ path: '/spec/type', value: 'LoadBalancer' }],
        mergePatch: { spec: closed },
      },
      {
        resource: 'services',
        namespace: 'shop',
        when: [{ path: '/spec/type', value: 'NodePort' }],
        mergePatch: { spec: closed },
      },
    ]);
  });

  it('drops the external IPs of every Service of a namespace, whatever its type', () => {
    expect(dropExternalIPsEdit('shop')).toEqual({
      resource: 'services',
      namespace: 'shop',
      mergePatch: { spec: { externalIPs: null } },
    });
  });
});
