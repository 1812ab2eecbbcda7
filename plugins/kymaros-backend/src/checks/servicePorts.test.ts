import type { V1Pod, V1Service } from '@kubernetes/client-node';
import {
  describeServicePorts,
  findServicePort,
  resolveTargetPort,
} from './servicePorts';

const service: V1Service = {
  metadata: { name: 'web' },
  spec: {
    ports: [
      { name: 'http', port: 80, targetPort: 'web' },
      { name: 'metrics', port: 9090, targetPort: 9091 },
      { port: 5432 },
    ],
  },
};

const pod: V1Pod = {
  metadata: { name: 'web-1' },
  spec: {
    containers: [
      { name: 'app', ports: [{ name: 'web', containerPort: 8080 }] },
    ],
  },
};

describe('servicePorts', () => {
  it('finds a port by name, number or numeric string', () => {
    expect(findServicePort(service, 'http')?.port).toBe(80);
    expect(findServicePort(service, 9090)?.name).toBe('metrics');
    expect(findServicePort(service, '5432')?.port).toBe(5432);
    expect(findServicePort(service, 'grpc')).toBeUndefined();
    expect(findServicePort(service, 81)).toBeUndefined();
  });

  it('describes the ports for error messages', () => {
    expect(describeServicePorts(service)).toBe('http/80, metrics/9090, 5432');
    expect(describeServicePorts({ spec: {} })).toBe('none');
  });

  it('resolves targetPort by number, named container port, or the port itself', () => {
    expect(resolveTargetPort(pod, service.spec!.ports![0])).toBe(8080);
    expect(resolveTargetPort(pod, service.spec!.ports![1])).toBe(9091);
    expect(resolveTargetPort(pod, service.spec!.ports![2])).toBe(5432);
    expect(resolveTargetPort(pod, { port: 1, targetPort: '8081' })).toBe(8081);
    expect(
      resolveTargetPort(pod, { port: 1, targetPort: 'grpc' }),
    ).toBeUndefined();
  });
});
