import type { SimulatorContext } from '../context';
import { errors } from '../api/status';
import { cr } from '../api/resources';
import { pruneUnknownFields } from '../api/pruning';
import { rfc3339 } from '../store/ObjectStore';
import type { KubeObject } from '../store/types';
import { kinds } from './kinds';
import { Controller } from './Controller';

/**
 * CustomResourceDefinitions register their kind with the simulator's API
 * surface, so custom resources are served at the same generic routes as on a
 * real API server; deleting the definition removes the kind and its objects.
 */
export class CrdController extends Controller {
  constructor(private readonly ctx: SimulatorContext) {
    super();
    const crds = kinds(ctx.registry).crds;
    ctx.admission.onWrite((type, obj) => {
      if (type.schema) pruneUnknownFields(obj, type.schema);
      if (type !== crds) return;
      const spec = obj.spec ?? {};
      const names = spec.names ?? {};
      const causes = [];
      if (!spec.group)
        causes.push({
          reason: 'FieldValueRequired',
          field: 'spec.group',
          message: 'Required value',
        });
      if (!names.plural)
        causes.push({
          reason: 'FieldValueRequired',
          field: 'spec.names.plural',
          message: 'Required value',
        });
      if (!names.kind)
        causes.push({
          reason: 'FieldValueRequired',
          field: 'spec.names.kind',
          message: 'Required value',
        });
      if (!(spec.versions ?? []).length)
        causes.push({
          reason: 'FieldValueRequired',
          field: 'spec.versions',
          message:
            'Required value: must have exactly one version marked as storage version',
        });
      if (
        spec.group &&
        names.plural &&
        obj.metadata.name !== `${names.plural}.${spec.group}`
      ) {
        causes.push({
          reason: 'FieldValueInvalid',
          field: 'metadata.name',
          message: `Invalid value: "${obj.metadata.name}": must be spec.names.plural+"."+spec.group`,
        });
      }
      if (causes.length)
        throw errors.invalid(
          'CustomResourceDefinition',
          'apiextensions.k8s.io',
          obj.metadata.name,
          causes,
        );
    });
    this.onStoreChange(ctx.store, e => {
      if (e.object.kind !== 'CustomResourceDefinition') return;
      if (e.type === 'DELETED') {
        this.unregister(e.object);
        return;
      }
      this.register(e.object);
      if (e.type === 'ADDED') this.establish(e.object);
    });
  }

  /** Status lives behind the status subresource, so it is written after creation, as the apiextensions controller does. */
  private establish(crd: KubeObject) {
    const now = rfc3339(this.ctx.clock.now());
    const spec = crd.spec;
    this.ctx.store.mutate(
      kinds(this.ctx.registry).crds,
      undefined,
      crd.metadata.name,
      o => {
        o.status = {
          acceptedNames: spec.names,
          storedVersions: (spec.versions ?? [])
            .filter((v: any) => v.storage)
            .map((v: any) => v.name),
          conditions: [
            {
              type: 'NamesAccepted',
              status: 'True',
              reason: 'NoConflicts',
              message: 'no conflicts found',
              lastTransitionTime: now,
            },
            {
              type: 'Established',
              status: 'True',
              reason: 'InitialNamesAccepted',
              message: 'the initial names have been accepted',
              lastTransitionTime: now,
            },
          ],
        };
      },
    );
  }

  register(crd: KubeObject) {
    const spec = crd.spec;
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      const type = cr(
        spec.group,
        v.name,
        spec.names.kind,
        spec.names.plural,
        spec.scope !== 'Cluster',
        !!v.subresources?.status,
        spec.names.shortNames,
      );
      type.singular = spec.names.singular ?? spec.names.kind.toLowerCase();
      type.schema = v.schema?.openAPIV3Schema;
      this.ctx.registry.add(type);
    }
  }

  private unregister(crd: KubeObject) {
    const spec = crd.spec;
    const type = this.ctx.registry
      .all()
      .find(t => t.group === spec.group && t.plural === spec.names.plural);
    if (type) {
      for (const o of this.ctx.store.list(type, undefined)) {
        try {
          this.ctx.store.delete(type, o.metadata.namespace, o.metadata.name);
        } catch {
          // gone
        }
      }
    }
    this.ctx.registry.remove(spec.group, spec.names.plural);
  }
}
