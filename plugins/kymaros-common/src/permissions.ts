import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

// The first two are checked per catalog entity (the test's entity, as resourceRef), so
// a permission policy can answer with the catalog's conditions, e.g. "only
// the entity's owners": createCatalogConditionalDecision(permission,
// catalogConditions.isEntityOwner({ claims })).

/**
 * Starting a run of one of the entity's restore tests on demand.
 *
 * @public
 */
export const kymarosRestoreTestRunPermission = createPermission({
  name: 'kymaros.restoretest.run',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Reading the entity's restore tests and their reports.
 *
 * @public
 */
export const kymarosReportReadPermission = createPermission({
  name: 'kymaros.report.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Exporting the audit evidence (one chained record per run). Not per
 * entity: the export spans the catalog, and holds rows only of the entities
 * on which the caller also has `kymaros.report.read`.
 *
 * @public
 */
export const kymarosEvidenceReadPermission = createPermission({
  name: 'kymaros.evidence.read',
  attributes: { action: 'read' },
});

/**
 * Taking a backup of the entity's namespaces now, with the provider its
 * restore tests use: the one write outside sandboxes Kymaros makes.
 *
 * @public
 */
export const kymarosBackupCreatePermission = createPermission({
  name: 'kymaros.backup.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/** @public */
export const kymarosPermissions = [
  kymarosRestoreTestRunPermission,
  kymarosBackupCreatePermission,
  kymarosReportReadPermission,
  kymarosEvidenceReadPermission,
];
