import type { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/** Where tech-insights reads the retriever's cadence, timeout and lifecycle. */
export const FACT_RETRIEVER_CONFIG_KEY =
  'techInsights.factRetrievers.kymarosRestoreFacts';

const CATALOG_FILTER_KEY = 'kymaros.techInsights.catalogFilter';

/** Entities that get facts without a test, unless configured otherwise. */
export const DEFAULT_CATALOG_FILTER = 'kind=component';

/**
 * `kymaros.techInsights.catalogFilter`: a catalog filter such as
 * `kind=component,spec.lifecycle=production`, or `false` to publish facts
 * for tested entities only.
 */
export function readCatalogFilter(
  config: RootConfigService,
): string | undefined {
  if (!config.has(CATALOG_FILTER_KEY)) return DEFAULT_CATALOG_FILTER;
  const value = config.get(CATALOG_FILTER_KEY);
  if (value === false) return undefined;
  if (
    typeof value === 'string' &&
    /^[^=,\s]+=[^,]+(,[^=,\s]+=[^,]+)*$/.test(value.trim())
  )
    return value.trim();
  throw new InputError(
    `${CATALOG_FILTER_KEY} must be a catalog filter such as kind=component (key=value, comma-separated) or false, got ${JSON.stringify(
      value,
    )}`,
  );
}
