import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { kymarosRestoreTestRunPermission } from '@kymaros/plugin-kymaros-common';
import { mockKymarosApi, ordersHistory, ordersTest } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { EntityKymarosContent } from './EntityKymarosContent';
import { RunNowButton } from './RunNowButton';

// These render the whole entity tab (history chart included): seconds on a loaded 2-core machine.
jest.setTimeout(20_000);

// A file of its own: usePermission caches answers per permission and entity
// for the whole test file, so these entities are not used in other files'
// granted cases.
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
        'You do not have permission to run the restore tests of component:default/orders (kymaros.restoretest.run).',
      ),
    ).toBeInTheDocument();
    expect(api.runTest).not.toHaveBeenCalled();
  });

  it("asks for the permission on the test's entity: enabled where granted, disabled elsewhere", async () => {
    const owned = 'component:default/payments-api';
    const notOwned = 'component:default/catalog-search';
    const authorize = jest.fn<
      ReturnType<PermissionApi['authorize']>,
      Parameters<PermissionApi['authorize']>
    >(async request => ({
      result:
        'resourceRef' in request && request.resourceRef === owned
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }));
    const onRun = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[permissionApiRef, { authorize }]]}>
        <div data-testid="owned">
          <RunNowButton entityRef={owned} onRun={onRun} />
        </div>
        <div data-testid="not-owned">
          <RunNowButton entityRef={notOwned} onRun={onRun} />
        </div>
      </TestApiProvider>,
    );
    const [enabled, disabled] = ['owned', 'not-owned'].map(id =>
      screen.getByTestId(id).querySelector('button'),
    );
    await userEvent.hover(disabled!.parentElement!);
    expect(
      await screen.findByText(
        `You do not have permission to run the restore tests of ${notOwned} (kymaros.restoretest.run).`,
      ),
    ).toBeInTheDocument();
    expect(disabled).toBeDisabled();
    expect(enabled).toBeEnabled();
    await userEvent.click(enabled!);
    expect(onRun).toHaveBeenCalledTimes(1);
    expect(authorize.mock.calls.map(([request]) => request)).toEqual(
      expect.arrayContaining([
        { permission: kymarosRestoreTestRunPermission, resourceRef: owned },
        { permission: kymarosRestoreTestRunPermission, resourceRef: notOwned },
      ]),
    );
  });
});
