import { screen } from '@testing-library/react';
import { errorReport, failingReport, mockKymarosApi } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { ScoreSummaryCard } from './ScoreSummaryCard';

describe('ScoreSummaryCard', () => {
  it('shows the score of a run that was evaluated', async () => {
    await renderWithKymaros(<ScoreSummaryCard report={failingReport} />, {
      api: mockKymarosApi(),
    });
    expect(
      screen.getByRole('img', {
        name: 'Restore confidence score 58 out of 100',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/^58 of 100 points\./)).toBeInTheDocument();
  });

  it('shows "—" and no score for a run that could not be evaluated', async () => {
    await renderWithKymaros(<ScoreSummaryCard report={errorReport} />, {
      api: mockKymarosApi(),
    });
    const gauge = screen.getByRole('img', {
      name: 'No restore confidence score: the run could not be evaluated',
    });
    expect(gauge).toHaveTextContent('—');
    expect(gauge).not.toHaveTextContent('0');
    expect(screen.getByText(/^No score\./)).toBeInTheDocument();
    expect(screen.queryByText(/of 100 points/)).toBeNull();
  });
});
