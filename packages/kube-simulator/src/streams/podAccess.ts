import type { SimulatorContext } from '../context';
import { ApiError, errors } from '../api/status';
import type { KubeObject } from '../store/types';
import { kinds } from '../controllers/kinds';

/** Finds the pod and container a stream request names, failing as the kubelet does. */
export function runningContainer(
  ctx: SimulatorContext,
  ns: string,
  podName: string,
  container: string | null,
): { pod: KubeObject; name: string; image?: string } {
  const pod = ctx.store.get(kinds(ctx.registry).pods, ns, podName);
  if (!pod) throw errors.notFound('pods', '', podName);
  const containers: any[] = pod.spec?.containers ?? [];
  const c = container
    ? containers.find(x => x.name === container)
    : containers[0];
  if (!c)
    throw errors.badRequest(
      `container ${container} is not valid for pod ${podName}`,
    );
  const status = (pod.status?.containerStatuses ?? []).find(
    (s: any) => s.name === c.name,
  );
  if (!status?.state?.running) {
    const waiting = status?.state?.waiting?.reason;
    throw new ApiError(
      400,
      'BadRequest',
      waiting
        ? `container "${c.name}" in pod "${podName}" is waiting to start: ${waiting}`
        : `unable to upgrade connection: container not found ("${c.name}")`,
    );
  }
  return { pod, name: c.name, image: c.image };
}
