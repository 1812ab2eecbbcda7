import * as k8s from '@kubernetes/client-node';
import { ACTIONS_GROUP, VERSION } from './kastenApi';

/** Change notices for one restore's RestoreActions, one watch per sandbox. */
export interface ActionWatches {
  /** Every watch is still open: changes arrive without polling. */
  healthy(): boolean;
  stop(): void;
}

/**
 * Watches the RestoreAction `name` in each sandbox and calls `onChange` on
 * every event, and when a watch fails or ends. K10's `actions` group is an
 * aggregated API whose watch support is not published, so a watch that
 * cannot be opened, errs or closes only makes the caller fall back to
 * reading the actions at its polling interval.
 */
export function watchActions(
  kubeConfig: k8s.KubeConfig,
  name: string,
  sandboxes: string[],
  onChange: () => void,
): ActionWatches {
  let open = sandboxes.length;
  let stopped = false;
  const controllers: AbortController[] = [];
  const lost = () => {
    open = 0;
    onChange();
  };
  for (const sandbox of sandboxes) {
    new k8s.Watch(kubeConfig)
      .watch(
        `/apis/${ACTIONS_GROUP}/${VERSION}/namespaces/${encodeURIComponent(
          sandbox,
        )}/restoreactions`,
        { fieldSelector: `metadata.name=${name}` },
        () => onChange(),
        () => {
          if (!stopped) lost();
        },
      )
      .then(
        controller => {
          if (stopped) controller.abort();
          else controllers.push(controller);
        },
        () => {
          if (!stopped) lost();
        },
      );
  }
  return {
    healthy: () => open > 0 && open === sandboxes.length,
    stop() {
      stopped = true;
      controllers.splice(0).forEach(c => c.abort());
    },
  };
}
