import { z } from 'zod';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { planChecks } from './planChecks';

const pass: CheckType['run'] = async () => ({ status: 'pass', message: '' });
const types = new Map<string, CheckType>([
  ['open', { type: 'open', settings: z.unknown(), run: pass }],
]);

describe('planChecks', () => {
  it('holds a timeout or retries in the block to the same rules as on the check', () => {
    const plans = planChecks(
      [
        { name: 'a', type: 'open', open: { retries: 11 } },
        { name: 'b', type: 'open', open: { timeout: '0s' } },
        { name: 'c', type: 'open', open: { timeout: '2m', retries: 2 } },
      ],
      types,
    );
    expect(plans.map(p => p.error)).toEqual([
      'retries must be a whole number from 0 to 10',
      'timeout must be longer than 0s',
      undefined,
    ]);
    expect([plans[2].timeoutMs, plans[2].attempts]).toEqual([120_000, 2]);
  });

  it('reads retries as attempts in total, as the Kymaros operator does: 0 and 1 are one attempt', () => {
    const plans = planChecks(
      [0, 1, 3, 10, undefined].map((retries, i) => ({
        name: `c${i}`,
        type: 'open',
        ...(retries === undefined ? {} : { retries }),
      })),
      types,
    );
    expect(plans.map(p => p.attempts)).toEqual([1, 1, 3, 10, 1]);
  });

  it('gives each problem as facts beside its wording', () => {
    const [unknown, cyclic] = planChecks(
      [
        { name: 'x', type: 'grpc' },
        { name: 'y', type: 'open', dependsOn: ['y'] },
      ],
      types,
    );
    expect(unknown.problem).toEqual({
      kind: 'unknownType',
      type: 'grpc',
      known: ['open'],
    });
    expect(cyclic.problem).toEqual({ kind: 'cycle', cycle: 'y → y' });
    expect(cyclic.error).toBe('dependsOn cycle: y → y');
  });
});
