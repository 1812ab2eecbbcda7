import { useMemo, useState } from 'react';
import Grid from '@material-ui/core/Grid';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { Content, Header, Page, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { kymarosApiRef } from '../../api';
import { ownerRef } from '../../lib/entityRefs';
import { compareWorstFirst, outcomeOf } from '../../lib/result';
import { BackendError } from '../common';
import { CoverageCard } from './CoverageCard';
import {
  ALL,
  NO_OWNER,
  OverviewFilters,
  type OverviewFilterValues,
} from './OverviewFilters';
import { OverviewTable } from './OverviewTable';
import { SummaryStats } from './SummaryStats';

const ownerLabel = (ref: string) => {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind: 'group' });
  } catch {
    return ref;
  }
};

/** @public */
export interface KymarosPageProps {
  /** Path of the "Restore" tab under entity pages (as mounted in the app). */
  entityTabPath?: string;
}

/** Restore confidence across the catalog, worst first, and the coverage gaps. */
export const KymarosPage = (props: KymarosPageProps) => {
  const api = useApi(kymarosApiRef);
  const summary = useAsyncRetry(() => api.getSummary(), [api]);
  const [filters, setFilters] = useState<OverviewFilterValues>({
    owner: ALL,
    outcome: ALL,
  });

  // Owners normalised to full refs, so `team-data` and `group:default/team-data` are one.
  const items = useMemo(
    () =>
      summary.value?.items.map(i => ({ ...i, owner: ownerRef(i.owner) })) ?? [],
    [summary.value],
  );
  const owners = useMemo(() => {
    const refs = new Set(items.map(i => i.owner ?? NO_OWNER));
    return [...refs].sort().map(value => ({
      value,
      label: value === NO_OWNER ? 'No owner' : ownerLabel(value),
    }));
  }, [items]);
  const rows = useMemo(
    () =>
      items
        .filter(
          i => filters.owner === ALL || (i.owner ?? NO_OWNER) === filters.owner,
        )
        .filter(
          i => filters.outcome === ALL || outcomeOf(i) === filters.outcome,
        )
        .sort(
          compareWorstFirst(i => ({
            name: i.entityRef,
            error: i.error,
            result: i.result,
            score: i.score,
          })),
        ),
    [items, filters],
  );

  let content: React.ReactNode;
  if (summary.loading && !summary.value) {
    content = <Progress />;
  } else if (summary.error) {
    content = <BackendError error={summary.error} onRetry={summary.retry} />;
  } else if (summary.value) {
    content = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <SummaryStats summary={summary.value} />
        </Grid>
        <Grid item xs={12}>
          <OverviewFilters
            owners={owners}
            values={filters}
            onChange={setFilters}
          />
          <OverviewTable
            items={rows}
            entityTabPath={props.entityTabPath ?? 'kymaros'}
          />
        </Grid>
        <Grid item xs={12}>
          <CoverageCard notOptedIn={summary.value.notOptedIn} />
        </Grid>
      </Grid>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Restore confidence"
        subtitle="Proof, run on a schedule, that each service's Kubernetes backups restore"
      />
      <Content>{content}</Content>
    </Page>
  );
};
