import type { RestoreTestSpec } from '@kymaros/plugin-kymaros-common';

/** How much of the sandboxes a run keeps: Kymaros' `logCollection`, with its defaults. */
export interface LogCollectionSettings {
  /** Tail lines per container log. */
  maxLines: number;
  includeEvents: boolean;
  includeInit: boolean;
  includePrevious: boolean;
}

const DEFAULTS: LogCollectionSettings = {
  maxLines: 100,
  includeEvents: true,
  includeInit: true,
  includePrevious: true,
};

/**
 * The test's log collection, or undefined when it is off. As in Kymaros, a
 * test that says nothing collects with the defaults.
 */
export function logCollectionSettings(
  spec: Pick<RestoreTestSpec, 'logCollection'>,
): LogCollectionSettings | undefined {
  const written = spec.logCollection;
  if (written?.enabled === false) return undefined;
  return {
    maxLines: written?.maxLines ?? DEFAULTS.maxLines,
    includeEvents: written?.includeEvents ?? DEFAULTS.includeEvents,
    includeInit: written?.includeInit ?? DEFAULTS.includeInit,
    includePrevious: written?.includePrevious ?? DEFAULTS.includePrevious,
  };
}
