import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type {
  ResourceQuotaSpec,
  SandboxEgressRule,
} from '@kymaros/plugin-kymaros-common';
import { formatZodError } from '../definitions/restoreTestSchema';
import { sandboxEgressSchema } from '../definitions/sandboxEgressSchema';
import { readQuantity, readWholeNumber } from './configValues';

/**
 * `kymaros.sandbox.egress`, checked as a test's own list is: a rule that
 * would open every sandbox to everything stops start-up with its key.
 */
export function readSandboxEgress(
  kymaros: Config | undefined,
): SandboxEgressRule[] {
  const written = kymaros?.getOptional('sandbox.egress');
  if (written === undefined) return [];
  const parsed = sandboxEgressSchema.safeParse(written);
  if (!parsed.success)
    throw new InputError(
      formatZodError(parsed.error, 'kymaros.sandbox.egress'),
    );
  return parsed.data;
}

/**
 * `kymaros.sandbox.autoQuotaMax`, field by field over the defaults. The
 * defaults are twice the default sandbox quota for CPU and four times for
 * memory — room for a large app's requests plus headroom — while one
 * backup's requests still cannot claim a whole shared restore cluster.
 */
export function readAutoQuotaMax(
  kymaros: Config | undefined,
): ResourceQuotaSpec {
  return {
    cpu: readQuantity(kymaros, 'sandbox.autoQuotaMax.cpu', '16'),
    memory: readQuantity(kymaros, 'sandbox.autoQuotaMax.memory', '64Gi'),
    pods: readWholeNumber(kymaros, 'sandbox.autoQuotaMax.pods', 100),
    storage: readQuantity(kymaros, 'sandbox.autoQuotaMax.storage', '500Gi'),
  };
}
