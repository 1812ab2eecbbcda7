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
  let stopped = false;
  let broken = false;
  const controllers: AbortController[] = [];
  const lost = () => {
    broken = true;
    onChange();
  };
  const ended = () => {
    if (!stopped) lost();
  };
  const keep = (controller: AbortController) => {
    if (stopped) controller.abort();
    else controllers.push(controller);
  };
  for (const sandbox of sandboxes) {
    new k8s.Watch(kubeConfig)
      .watch(
        `/apis/${ACTIONS_GROUP}/${VERSION}/namespaces/${encodeURIComponent(
          sandbox,
        )}/restoreactions`,
        { fieldSelector: `metadata.name=${name}` },
        () => onChange(),
        ended,
      )
      .then(keep, ended);
  }
  return {
    // Healthy once every watch is connected, and until one ends.
    healthy: () => !broken && controllers.length === sandboxes.length,
    stop() {
      stopped = true;
      controllers.splice(0).forEach(c => c.abort());
    },
  };
}
