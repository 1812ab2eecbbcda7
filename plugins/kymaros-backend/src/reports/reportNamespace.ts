import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where Kymaros keeps its reports, and so where `kubectl get rr -n …` users look. */
export const DEFAULT_REPORT_NAMESPACE = 'kymaros-system';

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `kymaros.reports.namespace`: a namespace name (a DNS label of at most 63 characters). */
export function readReportNamespace(kymaros: Config | undefined): string {
  const key = 'kymaros.reports.namespace';
  const value =
    kymaros?.getOptionalString('reports.namespace') ?? DEFAULT_REPORT_NAMESPACE;
  if (value.length > 63)
    throw new InputError(
      `${key}: ${value.length} characters, more than the 63 a namespace name may have`,
    );
  if (!dnsLabel.test(value))
    throw new InputError(
      `${key}: ${JSON.stringify(
        value,
      )} is not a namespace name (lower-case letters, digits and dashes, starting and ending with a letter or digit)`,
    );
  return value;
}
