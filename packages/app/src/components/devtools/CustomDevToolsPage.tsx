import {
  ConfigContent,
  DevToolsLayout,
  ScheduledTasksContent,
} from '@backstage/plugin-devtools';

/**
 * DevTools without the default "Info" tab: its backend endpoint reads the
 * repository's yarn.lock and answers 500 in this npm-workspaces repository.
 *
 * "Scheduled Tasks" comes first: every Kymaros RestoreTest is a task of the
 * `kymaros` plugin (devTools.scheduledTasks.plugins in app-config.yaml) and can
 * be inspected and triggered there.
 */
export const customDevToolsPage = (
  <DevToolsLayout>
    <DevToolsLayout.Route path="scheduled-tasks" title="Scheduled Tasks">
      <ScheduledTasksContent />
    </DevToolsLayout.Route>
    <DevToolsLayout.Route path="config" title="Config">
      <ConfigContent />
    </DevToolsLayout.Route>
  </DevToolsLayout>
);
