import {
  restoreSessionPhase,
  RestoreSessionStatus,
} from './restoreSessionPhase';

const cond = (type: string, status: 'True' | 'False') => ({ type, status });
const done = {
  totalComponents: 1,
  components: { dump: { phase: 'Succeeded' } },
};

describe('restoreSessionPhase', () => {
  it('is Pending without components', () => {
    expect(restoreSessionPhase({})).toBe('Pending');
  });

  it('stays Running after the components succeed until metrics are pushed', () => {
    expect(restoreSessionPhase(done)).toBe('Running');
    expect(
      restoreSessionPhase({
        ...done,
        conditions: [cond('MetricsPushed', 'True')],
      }),
    ).toBe('Succeeded');
  });

  it('is Invalid when validation failed and Failed when the metrics push failed', () => {
    expect(
      restoreSessionPhase({ conditions: [cond('ValidationPassed', 'False')] }),
    ).toBe('Invalid');
    expect(
      restoreSessionPhase({
        ...done,
        conditions: [cond('MetricsPushed', 'False')],
      }),
    ).toBe('Failed');
  });

  it('fails on a failed executor once metrics are pushed', () => {
    const status: RestoreSessionStatus = {
      ...done,
      conditions: [
        cond('RestoreExecutorEnsured', 'False'),
        cond('MetricsPushed', 'True'),
      ],
    };
    expect(restoreSessionPhase(status)).toBe('Failed');
  });

  it('stays Running with a failed component until the final step, then fails', () => {
    const status: RestoreSessionStatus = {
      totalComponents: 2,
      components: { a: { phase: 'Failed' }, b: { phase: 'Running' } },
    };
    expect(restoreSessionPhase(status)).toBe('Running');
    expect(
      restoreSessionPhase({
        ...status,
        conditions: [cond('MetricsPushed', 'True')],
      }),
    ).toBe('Failed');
  });

  it('is Unknown when components ended Unknown', () => {
    expect(
      restoreSessionPhase({
        totalComponents: 2,
        components: { a: { phase: 'Succeeded' }, b: { phase: 'Unknown' } },
      }),
    ).toBe('Unknown');
  });
});
