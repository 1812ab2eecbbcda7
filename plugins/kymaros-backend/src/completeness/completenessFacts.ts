import type { BackupItem } from '@kymaros/plugin-kymaros-node';
import type { CompletenessFacts } from '../scoring/levels';
import type { CompletenessResult } from './compareCompleteness';

/**
 * What the completeness level reports: the missing objects as
 * `namespace/kind/name`, and the expected ones that came back as `kind/name`.
 */
export function completenessFacts(
  expected: BackupItem[],
  compared: CompletenessResult,
): CompletenessFacts {
  const missing = compared.detail.flatMap(group =>
    group.missing.map(name => `${group.namespace}/${group.kind}/${name}`),
  );
  const present = expected
    .map(item => `${item.kind}/${item.name}`)
    .filter(name => !missing.some(m => m.endsWith(`/${name}`)));
  return {
    expected: compared.expected,
    found: compared.found,
    missing,
    present,
  };
}
