import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockKymarosApi, ordersHistory, ordersTest } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { EntityKymarosContent } from './EntityKymarosContent';

// A file of its own: usePermission caches answers per permission for the
// whole test file, so granted and denied cases must not share one.
describe('Run now without the run permission', () => {
  it('is disabled, with the reason on hover', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReports: jest.fn().mockResolvedValue(ordersHistory),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api, canRun: false });
    expect(
      await screen.findByRole('img', { name: /score 58/ }),
    ).toBeInTheDocument();
    const button = screen.getByRole('button', { name: /Run now/ });
    expect(button).toBeDisabled();
    await userEvent.hover(button.parentElement!);
    expect(
      await screen.findByText(
        'You do not have permission to run restore tests (kymaros.restoretest.run).',
      ),
    ).toBeInTheDocument();
    expect(api.runTest).not.toHaveBeenCalled();
  });
});
