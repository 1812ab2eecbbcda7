import type { SimulatorContext } from '../context';
import { errors } from '../api/status';
import { groupVersion } from '../api/resources';
import { sendJson } from '../server/http';
import type { KastenContents } from './KastenContents';
import { kastenKinds } from './KastenTypes';
import type { RestoreActionController } from './RestoreActionController';

/**
 * The `details` subresource K10's aggregated API serves:
 * `restorepoints/<rp>/details` → `status.restorePointDetails.{artifacts,
 * originatingPolicies}` (docs.kasten.io/latest/api/restorepoints) and
 * `restoreactions/<a>/details` → `status.actionDetails.phases[]` (reference
 * observation on exportactions). The artifact entries' fields are not
 * published; this double gives each `{resource: {group, version, resource,
 * kind, name, namespace}}` (unverified).
 */
export function registerKastenDetails(
  ctx: SimulatorContext,
  contents: KastenContents,
  restores: RestoreActionController,
) {
  const k = kastenKinds(ctx.registry);
  ctx.subresources.set('restorepoints/details', async (req, res, info) => {
    if (req.method !== 'GET') throw errors.methodNotAllowed();
    const rp = ctx.store.get(k.restorePoints, info.namespace, info.name ?? '');
    if (!rp)
      throw errors.notFound(
        'restorepoints',
        k.restorePoints.group,
        info.name ?? '',
      );
    const items =
      contents.get(rp.spec?.restorePointContentRef?.name ?? '') ?? [];
    const artifacts = items
      .filter(o => o.metadata.namespace === info.namespace)
      .map(o => {
        const type = ctx.registry.byKind(o.apiVersion, o.kind);
        return {
          resource: {
            group: type?.group ?? '',
            version: type?.version ?? o.apiVersion,
            resource: type?.plural ?? o.kind.toLowerCase(),
            kind: o.kind,
            name: o.metadata.name,
            namespace: o.metadata.namespace,
          },
        };
      });
    const policy = rp.metadata.labels?.['k10.kasten.io/policyName'];
    sendJson(res, 200, {
      ...rp,
      status: {
        ...(rp.status ?? {}),
        restorePointDetails: {
          artifacts,
          originatingPolicies: policy
            ? [
                {
                  name: policy,
                  namespace:
                    rp.metadata.labels?.['k10.kasten.io/policyNamespace'],
                },
              ]
            : [],
        },
      },
    });
  });
  ctx.subresources.set('restoreactions/details', async (req, res, info) => {
    if (req.method !== 'GET') throw errors.methodNotAllowed();
    const action = ctx.store.get(
      k.restoreActions,
      info.namespace,
      info.name ?? '',
    );
    if (!action)
      throw errors.notFound(
        'restoreactions',
        k.restoreActions.group,
        info.name ?? '',
      );
    const phases = restores.phases(info.namespace!, info.name!);
    sendJson(res, 200, {
      ...action,
      apiVersion: groupVersion(k.restoreActions),
      status: {
        ...(action.status ?? {}),
        actionDetails: {
          phases,
          errorCount: phases.filter(p => p.state === 'Failed').length,
        },
      },
    });
  });
}
