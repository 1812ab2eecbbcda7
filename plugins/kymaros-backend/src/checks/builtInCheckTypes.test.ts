import type { HealthCheck } from '@kymaros/plugin-kymaros-common';
import { builtInCheckTypes } from './builtInCheckTypes';
import { planChecks } from './planChecks';

describe('builtInCheckTypes', () => {
  const types = builtInCheckTypes();

  it('offers the seven built-in types under their names', () => {
    expect([...types.keys()].sort()).toEqual([
      'exec',
      'httpGet',
      'podStatus',
      'query',
      'resourceExists',
      'script',
      'tcpSocket',
    ]);
    for (const [name, type] of types) expect(type.type).toBe(name);
  });

  it('validates each type block, so a bad definition fails before anything runs', () => {
    const checks: HealthCheck[] = [
      {
        name: 'pods',
        type: 'podStatus',
        podStatus: { labelSelector: { app: 'db' }, minReady: 1 },
      },
      {
        name: 'http',
        type: 'httpGet',
        httpGet: { service: 'web', port: 'http', path: '/healthz' },
      },
      {
        name: 'tcp',
        type: 'tcpSocket',
        tcpSocket: { service: 'db', port: 5432 },
      },
      {
        name: 'exec',
        type: 'exec',
        exec: { podSelector: { app: 'db' }, command: ['pg_isready'] },
      },
      {
        name: 'objects',
        type: 'resourceExists',
        resourceExists: { resources: [{ kind: 'Secret', name: 'x' }] },
      },
      {
        name: 'query',
        type: 'query',
        query: { image: 'postgres:16', command: ['psql'] },
      },
      {
        name: 'script',
        type: 'script',
        script: { image: 'alpine', command: ['/verify.sh'] },
      },
      { name: 'no-block', type: 'tcpSocket' },
      {
        name: 'bad-port',
        type: 'httpGet',
        httpGet: { service: 'web', port: 'HTTP_PORT', path: '/' },
      },
      { name: 'bad-image', type: 'script', script: { image: '' } },
    ];
    expect(planChecks(checks, types).map(p => p.error)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'tcpSocket check "no-block" needs a tcpSocket block',
      'httpGet.port: must be a port number (1-65535) or a port name',
      'script.image: is required',
    ]);
  });
});
