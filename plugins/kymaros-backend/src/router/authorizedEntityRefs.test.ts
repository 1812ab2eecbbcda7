import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { kymarosReportReadPermission } from '@kymaros/plugin-kymaros-common';
import {
  AUTHORIZE_BATCH_SIZE,
  authorizedEntityRefs,
} from './authorizedEntityRefs';

const refs = (n: number) =>
  Array.from({ length: n }, (_, i) => `component:default/service-${i}`);

describe('authorizedEntityRefs', () => {
  const credentials = mockCredentials.user();

  it('keeps the allowed refs, asking once for each distinct ref', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result: r.resourceRef?.endsWith('orders')
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        })),
    });
    const allowed = await authorizedEntityRefs(
      permissions,
      kymarosReportReadPermission,
      [
        'component:default/orders',
        'component:default/payments',
        'component:default/orders',
      ],
      credentials,
    );
    expect([...allowed]).toEqual(['component:default/orders']);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: kymarosReportReadPermission,
          resourceRef: 'component:default/orders',
        },
        {
          permission: kymarosReportReadPermission,
          resourceRef: 'component:default/payments',
        },
      ],
      { credentials },
    );
  });

  it('splits long lists into batches the permission backend accepts', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    });
    const all = refs(2 * AUTHORIZE_BATCH_SIZE + 50);
    const allowed = await authorizedEntityRefs(
      permissions,
      kymarosReportReadPermission,
      all,
      credentials,
    );
    expect(allowed.size).toBe(all.length);
    expect(
      permissions.authorize.mock.calls.map(([requests]) => requests.length),
    ).toEqual([AUTHORIZE_BATCH_SIZE, AUTHORIZE_BATCH_SIZE, 50]);
  });

  it('does not call the permission backend for an empty list', async () => {
    const permissions = mockServices.permissions.mock();
    const allowed = await authorizedEntityRefs(
      permissions,
      kymarosReportReadPermission,
      [],
      credentials,
    );
    expect(allowed.size).toBe(0);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});
