import { screen, within } from '@testing-library/react';
import { mockKymarosApi, summary } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { SummaryStats } from './SummaryStats';

const tile = (id: string) => screen.getByTestId(`tile-${id}`);

describe('SummaryStats', () => {
  it('counts tests not run yet apart from errors and invalid definitions', async () => {
    // A first visit: every test is still waiting for its first run.
    await renderWithKymaros(
      <SummaryStats
        summary={{
          ...summary,
          counts: {
            pass: 0,
            partial: 0,
            fail: 0,
            error: 0,
            invalid: 0,
            never: 6,
          },
        }}
      />,
      { api: mockKymarosApi() },
    );
    expect(tile('never')).toHaveTextContent('6Not run yet');
    expect(tile('error')).toHaveTextContent('0Could not be evaluated');
    expect(tile('invalid')).toHaveTextContent('0Invalid definition');
    expect(within(tile('total')).getByText('6')).toBeInTheDocument();
  });

  it('shows each outcome on its own tile', async () => {
    await renderWithKymaros(
      <SummaryStats
        summary={{
          ...summary,
          counts: {
            pass: 1,
            partial: 1,
            fail: 2,
            error: 1,
            invalid: 1,
            never: 0,
          },
        }}
      />,
      { api: mockKymarosApi() },
    );
    expect(tile('error')).toHaveTextContent('1Could not be evaluated');
    expect(tile('invalid')).toHaveTextContent('1Invalid definition');
    expect(tile('never')).toHaveTextContent('0Not run yet');
    expect(tile('total')).toHaveTextContent('6Restore tests');
  });
});
