import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { RunEvidence } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef, type KymarosApi } from '../api';

/** Reports whose evidence a page keeps loaded: more than one tab shows. */
const KEPT = 20;
const loads = new WeakMap<
  KymarosApi,
  Map<string, Promise<RunEvidence | undefined>>
>();

/**
 * A report's evidence, read once however many cards on the page show it: a
 * run's evidence never changes once its report is stored. A failed read is
 * not kept, so the next mount tries again.
 */
export function loadRunEvidence(
  api: KymarosApi,
  reportName: string,
): Promise<RunEvidence | undefined> {
  let byName = loads.get(api);
  if (!byName) loads.set(api, (byName = new Map()));
  const known = byName.get(reportName);
  if (known) return known;
  const load = api.getReportLogs(reportName);
  byName.set(reportName, load);
  load.catch(() => byName!.delete(reportName));
  if (byName.size > KEPT) byName.delete(byName.keys().next().value!);
  return load;
}

/** The evidence of `reportName`, or nothing to load when it is undefined. */
export function useRunEvidence(reportName: string | undefined) {
  const api = useApi(kymarosApiRef);
  return useAsync(
    async () => (reportName ? loadRunEvidence(api, reportName) : undefined),
    [api, reportName],
  );
}
