import {
  coverageGapOwner,
  type NotOptedInItem,
  type SummaryItem,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosApi } from '../../api';
import { outcomeOf, type Outcome } from '../../lib/result';
import { indexByEntity, loadSummaryItems } from '../../lib/summaryIndex';

/** A team's services by restore state: each service counted once, by its worst test. */
export interface TeamSummary {
  /** Each tested service's worst test, worst first. */
  services: SummaryItem[];
  counts: Record<Outcome, number>;
  /** The team's production components with no restore test (the first 100 at most). */
  notCovered: NotOptedInItem[];
  notCoveredTotal: number;
}

/** The restore state of the services a group owns, from the summary filtered by owner. */
export async function loadTeamSummary(
  api: Pick<KymarosApi, 'getSummary'>,
  groupRef: string,
): Promise<TeamSummary> {
  const { items, first } = await loadSummaryItems(api, { owner: groupRef });
  const services = [...indexByEntity(items).values()];
  const counts: Record<Outcome, number> = {
    pass: 0,
    partial: 0,
    fail: 0,
    error: 0,
    invalid: 0,
    never: 0,
  };
  for (const service of services) counts[outcomeOf(service)] += 1;
  // The backend lists the owner's gaps; kept to this group should it list more.
  const group = groupRef.toLowerCase();
  const notCovered = first.notOptedIn.filter(
    gap => coverageGapOwner(gap)?.toLowerCase() === group,
  );
  const notCoveredTotal =
    notCovered.length === first.notOptedIn.length
      ? first.notOptedInTotal
      : notCovered.length;
  return { services, counts, notCovered, notCoveredTotal };
}
