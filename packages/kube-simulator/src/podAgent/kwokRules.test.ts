import { containerPorts, criLog, logsRule, portForwardRule } from './kwokRules';

const pod: any = {
  metadata: { name: 'web-1', namespace: 'shop', uid: 'u1' },
  spec: {
    containers: [
      {
        name: 'main',
        ports: [
          { containerPort: 8080 },
          { containerPort: 53, protocol: 'UDP' },
        ],
      },
      {
        name: 'side',
        ports: [{ containerPort: 9090 }, { containerPort: 8080 }],
      },
    ],
  },
};

describe('kwok rules of the pod agent', () => {
  it('lists declared TCP ports once', () => {
    expect(containerPorts(pod)).toEqual([8080, 9090]);
  });

  it('writes CRI log lines, one per line of text', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    expect(criLog('a\nb\n', at)).toBe(
      '2026-01-02T03:04:05.000Z stdout F a\n2026-01-02T03:04:05.000Z stdout F b\n',
    );
    expect(criLog('', at)).toBe('');
  });

  it('forwards declared ports to the pod IP and refuses the rest', () => {
    const rule = portForwardRule(pod, '10.244.0.7');
    expect(rule.metadata).toMatchObject({
      name: 'web-1',
      namespace: 'shop',
      labels: { 'velero.io/exclude-from-backup': 'true' },
      ownerReferences: [{ kind: 'Pod', uid: 'u1' }],
    });
    expect(rule.spec.forwards).toEqual([
      { ports: [8080], target: { port: 8080, address: '10.244.0.7' } },
      { ports: [9090], target: { port: 9090, address: '10.244.0.7' } },
      { target: { port: 1, address: '10.244.0.7' } },
    ]);
  });

  it('serves one log file per container', () => {
    expect(logsRule(pod, c => `/logs/${c}.log`).spec.logs).toEqual([
      { containers: ['main'], logsFile: '/logs/main.log' },
      { containers: ['side'], logsFile: '/logs/side.log' },
    ]);
  });
});
