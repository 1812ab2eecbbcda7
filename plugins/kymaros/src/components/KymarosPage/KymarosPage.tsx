import { useEffect, useMemo, useRef, useState } from 'react';
import Grid from '@material-ui/core/Grid';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { Content, Header, Page, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { SummaryResponse } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../../api';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { BackendError } from '../common';
import { WholeWords } from '../common/WholeWords';
import { BackupCoverageCard } from './BackupCoverageCard';
import { CoverageCard } from './CoverageCard';
import { EvidenceExportButton } from './EvidenceExportButton';
import {
  ALL,
  OverviewFilters,
  type OverviewFilterValues,
} from './OverviewFilters';
import { OverviewTable } from './OverviewTable';
import { SummaryStats } from './SummaryStats';

const PAGE_SIZES = [20, 50, 100];
const SEARCH_DELAY_MS = 300;

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

/**
 * Restore confidence across the catalog, worst first, and the coverage gaps.
 * The backend filters and pages the tests; the headline counts cover them all.
 */
export const KymarosPage = (props: KymarosPageProps) => {
  const api = useApi(kymarosApiRef);
  const [filters, setFilters] = useState<OverviewFilterValues>({
    owner: ALL,
    outcome: ALL,
    rpoBreached: false,
    search: '',
  });
  const [search, setSearch] = useState('');
  useDebounce(() => setSearch(filters.search.trim()), SEARCH_DELAY_MS, [
    filters.search,
  ]);
  const [paging, setPaging] = useState({ page: 0, pageSize: PAGE_SIZES[0] });
  useEffect(
    () => setPaging(p => ({ ...p, page: 0 })),
    [filters.owner, filters.outcome, filters.rpoBreached, search],
  );

  const summary = useAsyncRetry(
    () =>
      api.getSummary({
        limit: paging.pageSize,
        offset: paging.page * paging.pageSize,
        owner: filters.owner === ALL ? undefined : filters.owner,
        result: filters.outcome === ALL ? undefined : filters.outcome,
        rpo: filters.rpoBreached ? 'breached' : undefined,
        search: search || undefined,
      }),
    [api, paging, filters.owner, filters.outcome, filters.rpoBreached, search],
  );
  // The previous page stays on screen while the next one loads.
  const shown = useRef<SummaryResponse>();
  if (summary.value) shown.current = summary.value;
  const value = summary.value ?? shown.current;
  // Reloaded as runs change, without the table's loading overlay each time.
  const [reloading, setReloading] = useState(false);
  useEffect(() => {
    if (!summary.loading) setReloading(false);
  }, [summary.loading]);
  useLiveRefresh(() => {
    setReloading(true);
    summary.retry();
  }, Boolean(value?.items.some(item => item.phase === 'Running')));

  const owners = useMemo(
    () =>
      (value?.owners ?? []).map(ref => ({
        value: ref,
        label: ownerLabel(ref),
      })),
    [value?.owners],
  );

  let content: React.ReactNode;
  if (summary.error) {
    content = <BackendError error={summary.error} onRetry={summary.retry} />;
  } else if (!value) {
    content = <Progress />;
  } else {
    content = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <SummaryStats summary={value} />
        </Grid>
        <Grid item xs={12}>
          <OverviewFilters
            owners={owners}
            values={filters}
            rpoBreached={value.rpoBreached}
            onChange={setFilters}
          />
          <OverviewTable
            items={value.items}
            totalItems={value.totalItems}
            loading={summary.loading && !reloading}
            page={paging.page}
            pageSize={paging.pageSize}
            pageSizes={PAGE_SIZES}
            onPageChange={(page, pageSize) => setPaging({ page, pageSize })}
            entityTabPath={props.entityTabPath ?? 'kymaros'}
          />
        </Grid>
        <Grid item xs={12}>
          <BackupCoverageCard
            entityTabPath={props.entityTabPath ?? 'kymaros'}
          />
        </Grid>
        <Grid item xs={12}>
          <CoverageCard
            notOptedIn={value.notOptedIn}
            total={value.notOptedInTotal}
          />
        </Grid>
      </Grid>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title="Restore confidence"
        subtitle="Proof, run on a schedule, that each service's Kubernetes backups restore"
      >
        {/* A grid item: the header's spaced grid pulls bare children over its subtitle on phones */}
        <Grid item>
          <EvidenceExportButton
            owner={filters.owner === ALL ? undefined : filters.owner}
          />
        </Grid>
      </Header>
      <Content>
        <WholeWords>{content}</WholeWords>
      </Content>
    </Page>
  );
};
