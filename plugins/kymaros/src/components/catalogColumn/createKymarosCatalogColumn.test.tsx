import { screen, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { Table } from '@backstage/core-components';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { kymarosApiRef } from '../../api';
import {
  mockKymarosApi,
  notOptedInEntity,
  ordersEntity,
  summaryPage,
} from '../../__fixtures__';
import { createKymarosCatalogColumn } from './createKymarosCatalogColumn';

const component = (name: string, extra: Partial<Entity['spec']> = {}) => ({
  entity: {
    ...ordersEntity,
    metadata: { name, namespace: 'default' },
    spec: { ...ordersEntity.spec, ...extra },
  } as Entity,
});

const rows = [
  { entity: ordersEntity },
  component('payments-api'),
  component('legacy-reports'),
  component('analytics-pipeline'),
  { entity: notOptedInEntity },
  component('docs-site', { lifecycle: 'experimental' }),
];

describe('createKymarosCatalogColumn', () => {
  it('shows each entity its restore result and score, from one summary read for the whole table', async () => {
    const api = mockKymarosApi({
      getSummary: jest.fn(async query => summaryPage(query)),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[kymarosApiRef, api]]}>
        <Table
          title="Catalog"
          options={{ paging: false, search: false }}
          data={rows}
          columns={[
            { title: 'Name', render: row => row.entity.metadata.name },
            createKymarosCatalogColumn(),
          ]}
        />
      </TestApiProvider>,
    );
    const row = async (name: string) =>
      within((await screen.findByText(name)).closest('tr')!);

    expect(
      await (await row('orders')).findByTestId('result-fail'),
    ).toBeInTheDocument();
    expect(
      (await row('orders')).getByLabelText('score 58'),
    ).toBeInTheDocument();
    expect(
      (await row('payments-api')).getByTestId('result-pass'),
    ).toBeInTheDocument();
    expect(
      (await row('analytics-pipeline')).getByTestId('result-invalid'),
    ).toBeInTheDocument();
    expect(
      (await row('billing-worker')).getByText('Not covered'),
    ).toBeInTheDocument();
    expect(
      (await row('docs-site')).queryByText('Not covered'),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Restore' })).toBeTruthy();
    expect(
      (await row('payments-api')).getByLabelText('score 100').closest('td'),
    ).toHaveStyle({ whiteSpace: 'nowrap' });
    expect(api.getSummary).toHaveBeenCalledTimes(1);
    expect(api.getSummary).toHaveBeenCalledWith({
      limit: 500,
      offset: 0,
      sort: 'worst',
    });
  });
});
