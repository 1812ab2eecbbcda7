import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { execCheck } from './exec';
import { httpGetCheck } from './httpGet';
import { queryCheck, scriptCheck } from './jobCheck';
import { podStatusCheck } from './podStatus';
import { resourceExistsCheck } from './resourceExists';
import { tcpSocketCheck } from './tcpSocket';

/** The seven check types the product ships, by type name; modules add theirs to this map. */
export function builtInCheckTypes(): Map<string, CheckType> {
  return new Map(
    [
      podStatusCheck,
      httpGetCheck,
      tcpSocketCheck,
      execCheck,
      resourceExistsCheck,
      queryCheck,
      scriptCheck,
    ].map(checkType => [checkType.type, checkType]),
  );
}
