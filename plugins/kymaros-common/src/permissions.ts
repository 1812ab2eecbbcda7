import { createPermission } from '@backstage/plugin-permission-common';

/** Starting a restore test run on demand. */
export const kymarosRestoreTestRunPermission = createPermission({
  name: 'kymaros.restoretest.run',
  attributes: { action: 'create' },
});

/** Reading restore tests and their reports. */
export const kymarosReportReadPermission = createPermission({
  name: 'kymaros.report.read',
  attributes: { action: 'read' },
});

export const kymarosPermissions = [kymarosRestoreTestRunPermission, kymarosReportReadPermission];
