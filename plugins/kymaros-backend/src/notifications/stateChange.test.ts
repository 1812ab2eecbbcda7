import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { classifyStateChange } from './stateChange';
import { report } from './__testUtils__/reports';

const pass = report({ score: 100 });
const partial = report({ score: 80, failing: { podStartup: 'slow' } });
const fail = report({ score: 45, failing: { restoreIntegrity: 'failed' } });
const error = report({ score: 0, result: 'error', rto: 'skip' });
const changes = (
  current: RestoreReport,
  previous: RestoreReport | undefined,
  alertOnExceed = false,
) => classifyStateChange(current, previous, { alertOnExceed });

describe('classifyStateChange', () => {
  it('tells of a first failure, after a pass, a partial or no report at all', () => {
    expect(changes(fail, undefined)).toEqual(['failure']);
    expect(changes(fail, pass)).toEqual(['failure']);
    expect(changes(fail, partial)).toEqual(['failure']);
    expect(changes(error, pass)).toEqual(['failure']);
  });

  it('says nothing while the test keeps failing, whichever way', () => {
    expect(changes(fail, fail)).toEqual([]);
    expect(changes(error, fail)).toEqual([]);
    expect(changes(fail, error)).toEqual([]);
    // A further drop while failing: those told of the failure know already.
    expect(changes(report({ score: 20, regression: true }), fail)).toEqual([]);
  });

  it('tells of a recovery from fail or error', () => {
    expect(changes(pass, fail)).toEqual(['recovery']);
    expect(changes(partial, error)).toEqual(['recovery']);
  });

  it('tells of a first pass, after no report or a partial one', () => {
    expect(changes(pass, undefined)).toEqual(['passing']);
    expect(changes(pass, partial)).toEqual(['passing']);
    expect(changes(pass, pass)).toEqual([]);
    expect(changes(partial, undefined)).toEqual([]);
  });

  it('tells of a regression the report records, and only of one', () => {
    expect(
      changes(
        report({ score: 80, failing: { podStartup: 'x' }, regression: true }),
        pass,
      ),
    ).toEqual(['regression']);
    expect(changes(partial, partial)).toEqual([]);
  });

  it('with alertOnExceed, tells when the RTO crosses its target either way, once', () => {
    const over = report({ score: 95, rto: 'exceeded' });
    expect(changes(over, pass, true)).toEqual(['rtoExceeded']);
    expect(changes(over, over, true)).toEqual([]);
    expect(changes(pass, over, true)).toEqual(['rtoWithin']);
    expect(changes(pass, undefined, true)).toEqual(['passing']);
    expect(changes(over, pass, false)).toEqual([]);
    // A run that did not get through validation says nothing of its RTO.
    expect(changes(error, over, true)).toEqual(['failure']);
    expect(changes(report({ rto: 'none' }), over, true)).toEqual([]);
  });

  it('orders several changes of one run by importance', () => {
    const failedAndSlow = report({
      score: 40,
      failing: { completeness: 'x' },
      rto: 'exceeded',
    });
    expect(changes(failedAndSlow, pass, true)).toEqual([
      'failure',
      'rtoExceeded',
    ]);
  });
});
