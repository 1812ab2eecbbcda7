import type {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';
import type { KymarosStore } from '../store/KymarosStore';

/** What the actions read and call: the same store, permissions and run path as the HTTP API. */
export interface KymarosActionDeps {
  store: KymarosStore;
  permissions: PermissionsService;
  /** The scheduler's on-demand run, as Run now requests it. */
  requestRun(testId: string, requestedBy: string): Promise<void>;
  /** Records run requests (who, which test, outcome), as Run now's are. */
  auditor?: AuditorService;
  /** The entity's Restore tab in the portal; undefined without `app.baseUrl`. */
  restoreTabUrl(entityRef: string): string | undefined;
}

/** The zod the registry hands to schema builders (its own copy, so types match). */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];
