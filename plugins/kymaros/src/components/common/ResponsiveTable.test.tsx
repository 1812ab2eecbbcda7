import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { mockViewportWidth } from '../../__testUtils__/viewport';
import { ResponsiveTable } from './ResponsiveTable';

type Row = { name: string; status: string; note?: string };
const rows: Row[] = [
  { name: 'orders-postgres-0', status: 'failed', note: 'OOMKilled' },
  { name: 'orders-api', status: 'passed' },
];
const table = (
  <ResponsiveTable<Row>
    title="Pods"
    subtitle="2 pods"
    data={rows}
    options={{ paging: false, search: false }}
    columns={[
      { title: 'Pod', field: 'name' },
      { title: 'Status', render: row => <strong>{row.status}</strong> },
      { title: 'Note', field: 'note' },
      { title: 'Hidden', field: 'name', hidden: true },
    ]}
  />
);

describe('ResponsiveTable', () => {
  const matchMedia = window.matchMedia;
  afterEach(() => {
    window.matchMedia = matchMedia;
  });

  it('is a table on wide screens', async () => {
    mockViewportWidth(1440);
    await renderInTestApp(table);
    expect(screen.getByRole('table')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Pod' })).toBeTruthy();
  });

  it('below 600 px, shows each row as labelled lines, leaving out empty cells and hidden columns', async () => {
    mockViewportWidth(390);
    await renderInTestApp(table);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Pods' })).toBeInTheDocument();
    expect(screen.getByText('2 pods')).toBeInTheDocument();
    const [first, second] = screen.getAllByRole('listitem');
    const lines = (item: HTMLElement) =>
      within(item)
        .getAllByRole('term')
        .map(term => `${term.textContent}: ${term.nextSibling?.textContent}`);
    expect(lines(first)).toEqual([
      'Pod: orders-postgres-0',
      'Status: failed',
      'Note: OOMKilled',
    ]);
    expect(lines(second)).toEqual(['Pod: orders-api', 'Status: passed']);
  });

  it('below 600 px, shows the empty content when there are no rows', async () => {
    mockViewportWidth(390);
    await renderInTestApp(
      <ResponsiveTable<Row>
        title="Pods"
        data={[]}
        columns={[{ title: 'Pod', field: 'name' }]}
        emptyContent={<p>No pods.</p>}
      />,
    );
    expect(screen.getByText('No pods.')).toBeInTheDocument();
  });
});
