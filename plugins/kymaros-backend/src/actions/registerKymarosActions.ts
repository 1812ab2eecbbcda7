import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerGetRestoreConfidenceAction } from './getRestoreConfidenceAction';
import type { KymarosActionDeps } from './KymarosActionDeps';
import { registerListRestoreTestsAction } from './listRestoreTestsAction';
import { registerRunRestoreTestAction } from './runRestoreTestAction';

/**
 * The plugin's actions for AI assistants and automation
 * (`kymaros:get-restore-confidence`, `kymaros:list-restore-tests`,
 * `kymaros:run-restore-test`), which the MCP actions backend serves as tools.
 */
export function registerKymarosActions(
  registry: ActionsRegistryService,
  deps: KymarosActionDeps,
): void {
  registerGetRestoreConfidenceAction(registry, deps);
  registerListRestoreTestsAction(registry, deps);
  registerRunRestoreTestAction(registry, deps);
}
