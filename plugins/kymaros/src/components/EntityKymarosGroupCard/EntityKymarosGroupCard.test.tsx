import { screen, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import type { SummaryQuery } from '@kymaros/plugin-kymaros-common';
import { mockKymarosApi, summaryPage } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { EntityKymarosGroupCard } from './EntityKymarosGroupCard';

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

/** The demo summary; billing-worker (team-payments) is the only gap, listed for its owner. */
const api = () =>
  mockKymarosApi({
    getSummary: jest.fn(async (query: SummaryQuery = {}) => {
      const page = summaryPage(query);
      const gaps = page.notOptedIn.filter(
        () => query.owner === 'group:default/team-payments',
      );
      return { ...page, notOptedIn: gaps, notOptedInTotal: gaps.length };
    }),
  });

const stat = (label: string) =>
  within(screen.getByLabelText("Restore state of the team's services"))
    .getByText(label)
    .closest('div')!.textContent;

describe('EntityKymarosGroupCard', () => {
  it("counts the team's services by restore state and lists those that need attention", async () => {
    const summaryApi = api();
    await renderWithKymaros(<EntityKymarosGroupCard />, {
      api: summaryApi,
      entity: group('team-data'),
    });
    expect(await screen.findByText('Needs attention')).toBeInTheDocument();
    expect(summaryApi.getSummary).toHaveBeenCalledWith({
      limit: 500,
      offset: 0,
      sort: 'worst',
      owner: 'group:default/team-data',
    });
    expect(stat('Tested')).toBe('3Tested');
    expect(stat('Partial')).toBe('1Partial');
    expect(stat('Failing')).toBe('1Failing');
    expect(stat('Error, invalid or not run')).toBe(
      '1Error, invalid or not run',
    );
    expect(stat('Not covered')).toBe('0Not covered');
    const list = within(screen.getByLabelText('Services that need attention'));
    expect(list.getAllByRole('listitem').map(li => li.textContent)).toEqual([
      'analytics-pipelineInvalid definition',
      'legacy-reportsscore 0Fail',
      'catalog-searchscore 84Partial',
    ]);
  });

  it('names production components the team owns that no test covers', async () => {
    await renderWithKymaros(<EntityKymarosGroupCard />, {
      api: api(),
      entity: group('team-payments'),
    });
    expect(await screen.findByText('Needs attention')).toBeInTheDocument();
    expect(stat('Passing')).toBe('1Passing');
    expect(stat('Not covered')).toBe('1Not covered');
    const list = within(screen.getByLabelText('Services that need attention'));
    expect(list.getByText('billing-worker')).toBeInTheDocument();
    expect(list.getByText('Not covered')).toBeInTheDocument();
    expect(list.queryByText('payments-api')).not.toBeInTheDocument();
  });

  it('says so when the team owns nothing to test', async () => {
    await renderWithKymaros(<EntityKymarosGroupCard />, {
      api: api(),
      entity: group('team-platform'),
    });
    expect(
      await screen.findByText(
        'This team owns no production component and no restore test.',
      ),
    ).toBeInTheDocument();
  });

  it('shows an error the backend returns', async () => {
    await renderWithKymaros(<EntityKymarosGroupCard />, {
      api: mockKymarosApi({
        getSummary: jest.fn().mockRejectedValue(new Error('backend down')),
      }),
      entity: group('team-data'),
    });
    expect(
      await screen.findByText('Could not load restore results: backend down'),
    ).toBeInTheDocument();
  });
});
