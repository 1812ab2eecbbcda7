import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  permissionApiRef,
  type PermissionApi,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { kymarosBackupCreatePermission } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../../api';
import { mockKymarosApi, paymentsCoverage } from '../../__fixtures__';
import { BackUpNowButton } from './BackUpNowButton';

jest.setTimeout(20_000);

// A file of its own: usePermission caches answers per permission and entity
// for the whole test file.
describe('Back up now without kymaros.backup.create', () => {
  it("asks for the permission on the test's entity: enabled where granted, disabled with the reason elsewhere", async () => {
    const owned = paymentsCoverage;
    const notOwned = {
      ...paymentsCoverage,
      entityRef: 'component:default/catalog-search',
      testId: 'component:default/catalog-search:search',
    };
    const authorize = jest.fn<
      ReturnType<PermissionApi['authorize']>,
      Parameters<PermissionApi['authorize']>
    >(async request => ({
      result:
        'resourceRef' in request && request.resourceRef === owned.entityRef
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }));
    const api = mockKymarosApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [permissionApiRef, { authorize }],
          [kymarosApiRef, api],
        ]}
      >
        <div data-testid="owned">
          <BackUpNowButton coverage={owned} onDone={jest.fn()} />
        </div>
        <div data-testid="not-owned">
          <BackUpNowButton coverage={notOwned} onDone={jest.fn()} />
        </div>
      </TestApiProvider>,
    );
    const [enabled, disabled] = ['owned', 'not-owned'].map(
      id => screen.getByTestId(id).querySelector('button')!,
    );
    await userEvent.hover(disabled.parentElement!);
    expect(
      await screen.findByText(
        'You do not have permission to back up the namespaces of component:default/catalog-search (kymaros.backup.create).',
      ),
    ).toBeInTheDocument();
    expect(disabled).toBeDisabled();
    expect(enabled).toBeEnabled();
    await userEvent.click(enabled);
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
    expect(authorize.mock.calls.map(([request]) => request)).toEqual(
      expect.arrayContaining([
        {
          permission: kymarosBackupCreatePermission,
          resourceRef: owned.entityRef,
        },
        {
          permission: kymarosBackupCreatePermission,
          resourceRef: notOwned.entityRef,
        },
      ]),
    );
    expect(api.createBackup).not.toHaveBeenCalled();
  });
});
