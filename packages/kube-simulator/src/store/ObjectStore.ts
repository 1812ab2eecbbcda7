import { randomUUID } from 'node:crypto';
import { errors } from '../api/status';
import { ResourceRegistry, ResourceType, groupVersion } from '../api/resources';
import { validateObjectMeta } from './validation';
import { Requirement, matchesRequirements } from './labelSelector';
import { matchesFields, parseFieldSelector } from './fieldSelector';
import { ObjectIndex } from './ObjectIndex';
import type { KubeObject, StoredEvent, WatchEventType } from './types';
import type { Clock } from '../clock';

export interface ListOptions {
  labelSelector?: Requirement[];
  fieldSelector?: string;
}

export interface Watcher {
  type: ResourceType;
  namespace?: string;
  labelSelector?: Requirement[];
  fieldSelector?: string;
  send(event: StoredEvent): void;
}

export type StoreListener = (event: StoredEvent) => void;

const generateNameAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

export function randomSuffix(length = 5): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    s +=
      generateNameAlphabet[
        Math.floor(Math.random() * generateNameAlphabet.length)
      ];
  }
  return s;
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000)
    .toISOString()
    .replace('.000Z', 'Z');
}

/**
 * In-memory object storage with one global resourceVersion counter and a
 * bounded event log, the two things list/watch semantics rest on.
 */
export class ObjectStore {
  private readonly objects = new ObjectIndex();
  private visited = 0;
  private readonly log: StoredEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly listeners = new Set<StoreListener>();
  private rv = 1;
  /** Oldest resourceVersion a watch may still resume from. */
  private compactedRv = 0;

  constructor(
    readonly registry: ResourceRegistry,
    private readonly clock: Clock,
    private readonly logLimit = 10_000,
  ) {}

  currentRv(): string {
    return String(this.rv);
  }

  oldestRv(): number {
    return this.compactedRv;
  }

  /** Forgets history: watches from an older resourceVersion now get 410 Expired. */
  compact(): void {
    this.log.length = 0;
    this.compactedRv = this.rv;
  }

  onChange(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many stored objects lists have examined; shows a list reads only its own resource and namespace. */
  objectsVisited(): number {
    return this.visited;
  }

  key(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${resourceOf(type)}/${bucketOf(type, namespace)}/${name}`;
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const o = this.objects.get(this.key(type, namespace, name));
    return o ? clone(o) : undefined;
  }

  mustGet(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const o = this.get(type, namespace, name);
    if (!o) throw errors.notFound(type.plural, type.group, name);
    return o;
  }

  list(
    type: ResourceType,
    namespace: string | undefined,
    opts: ListOptions = {},
  ): KubeObject[] {
    const fields = parseFieldSelector(opts.fieldSelector, type.kind);
    const out: KubeObject[] = [];
    const scope = type.namespaced && namespace ? namespace : undefined;
    for (const o of this.objects.select(resourceOf(type), scope)) {
      this.visited++;
      if (
        opts.labelSelector &&
        !matchesRequirements(o.metadata.labels, opts.labelSelector)
      )
        continue;
      if (fields.length && !matchesFields(o, fields)) continue;
      out.push(clone(o));
    }
    return out.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    );
  }

  /** Every namespaced object in a namespace, across all types (for namespace termination). */
  listInNamespace(
    namespace: string,
  ): { type: ResourceType; object: KubeObject }[] {
    const out: { type: ResourceType; object: KubeObject }[] = [];
    for (const type of this.registry.all()) {
      if (!type.namespaced) continue;
      for (const object of this.list(type, namespace))
        out.push({ type, object });
    }
    return out;
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
  ): KubeObject {
    const obj = clone(body);
    obj.apiVersion = groupVersion(type);
    obj.kind = type.kind;
    obj.metadata = obj.metadata ?? ({} as any);
    if (type.namespaced) {
      if (
        obj.metadata.namespace &&
        namespace &&
        obj.metadata.namespace !== namespace
      ) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    } else {
      delete obj.metadata.namespace;
    }
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = obj.metadata.generateName + randomSuffix();
    }
    validateObjectMeta(type, obj);
    if (type.namespaced)
      this.assertNamespaceWritable(
        type,
        obj.metadata.namespace!,
        obj.metadata.name,
      );
    const key = this.key(type, obj.metadata.namespace, obj.metadata.name);
    if (this.objects.has(key))
      throw errors.alreadyExists(type.plural, type.group, obj.metadata.name);
    if (type.statusSubresource && type.kind !== 'Namespace') delete obj.status;
    delete obj.metadata.deletionTimestamp;
    obj.metadata.uid = randomUUID();
    obj.metadata.creationTimestamp = rfc3339(this.clock.now());
    obj.metadata.generation = 1;
    return this.commit('ADDED', type, key, obj);
  }

  private assertNamespaceWritable(
    type: ResourceType,
    namespace: string,
    name: string,
  ) {
    const nsType = this.registry.find('', 'v1', 'namespaces')!;
    const ns = this.objects.get(this.key(nsType, undefined, namespace));
    if (!ns) throw errors.namespaceNotFound(namespace);
    if (ns.metadata.deletionTimestamp)
      throw errors.namespaceTerminating(
        type.plural,
        type.group,
        name,
        namespace,
      );
  }

  /**
   * Replaces an object. `subresource: 'status'` writes only status; on the main
   * endpoint of a type with a status subresource, status is kept as stored.
   * A resourceVersion in the body must match (optimistic concurrency).
   */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    opts: { subresource?: 'status'; internal?: boolean } = {},
  ): KubeObject {
    const key = this.key(type, namespace, name);
    const current = this.objects.get(key);
    if (!current) throw errors.notFound(type.plural, type.group, name);
    if (body.metadata?.name && body.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (
      body.metadata?.resourceVersion &&
      body.metadata.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw errors.conflict(type.plural, type.group, name);
    }
    let next: KubeObject;
    if (opts.subresource === 'status') {
      next = clone(current);
      next.status = clone(body.status);
    } else {
      next = clone(body);
      next.apiVersion = groupVersion(type);
      next.kind = type.kind;
      next.metadata = {
        ...next.metadata,
        name: current.metadata.name,
        namespace: current.metadata.namespace,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        generation: current.metadata.generation,
      };
      // Clients cannot set deletionTimestamp; the control plane's own controllers can.
      if (current.metadata.deletionTimestamp) {
        next.metadata.deletionTimestamp = current.metadata.deletionTimestamp;
      } else if (!opts.internal) {
        delete next.metadata.deletionTimestamp;
      }
      if (!type.namespaced) delete next.metadata.namespace;
      if (type.statusSubresource && !opts.internal)
        next.status = clone(current.status);
      validateObjectMeta(type, next);
      if (JSON.stringify(next.spec) !== JSON.stringify(current.spec)) {
        next.metadata.generation = (current.metadata.generation ?? 1) + 1;
      }
    }
    if (
      JSON.stringify({
        ...next,
        metadata: { ...next.metadata, resourceVersion: undefined },
      }) ===
      JSON.stringify({
        ...current,
        metadata: { ...current.metadata, resourceVersion: undefined },
      })
    ) {
      return clone(current); // a no-op write does not bump resourceVersion
    }
    // A namespace is also held by its spec.finalizers until the namespace controller finalizes it.
    const blocking = [
      ...(next.metadata.finalizers ?? []),
      ...(type.kind === 'Namespace' ? next.spec?.finalizers ?? [] : []),
    ];
    if (next.metadata.deletionTimestamp && blocking.length === 0) {
      return this.remove(type, key, next);
    }
    return this.commit('MODIFIED', type, key, next);
  }

  /** Read-modify-write used by the simulator's own controllers; retries are unnecessary in-process. */
  mutate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    fn: (o: KubeObject) => void,
  ): KubeObject | undefined {
    const current = this.get(type, namespace, name);
    if (!current) return undefined;
    fn(current);
    delete current.metadata.resourceVersion;
    return this.update(type, namespace, name, current, { internal: true });
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    opts: {
      propagationPolicy?: string;
      preconditionRv?: string;
      preconditionUid?: string;
    } = {},
  ): KubeObject {
    const key = this.key(type, namespace, name);
    const current = this.objects.get(key);
    if (!current) throw errors.notFound(type.plural, type.group, name);
    if (
      opts.preconditionRv &&
      opts.preconditionRv !== current.metadata.resourceVersion
    ) {
      throw errors.conflict(type.plural, type.group, name);
    }
    if (opts.preconditionUid && opts.preconditionUid !== current.metadata.uid) {
      throw errors.conflict(type.plural, type.group, name);
    }
    const next = clone(current);
    if (opts.propagationPolicy === 'Foreground') {
      next.metadata.finalizers = [
        ...new Set([...(next.metadata.finalizers ?? []), 'foregroundDeletion']),
      ];
    } else if (opts.propagationPolicy === 'Orphan') {
      next.metadata.finalizers = [
        ...new Set([...(next.metadata.finalizers ?? []), 'orphan']),
      ];
    }
    if ((next.metadata.finalizers ?? []).length > 0) {
      if (current.metadata.deletionTimestamp) return clone(current);
      next.metadata.deletionTimestamp = rfc3339(this.clock.now());
      next.metadata.deletionGracePeriodSeconds = 0;
      return this.commit('MODIFIED', type, key, next);
    }
    return this.remove(type, key, next);
  }

  private remove(
    type: ResourceType,
    key: string,
    last: KubeObject,
  ): KubeObject {
    this.objects.delete(key);
    const rv = ++this.rv;
    last.metadata.resourceVersion = String(rv);
    this.emit(
      {
        type: 'DELETED',
        rv,
        key,
        object: clone(last),
        resource: { group: type.group, plural: type.plural },
      },
      type,
    );
    return clone(last);
  }

  private commit(
    eventType: WatchEventType,
    type: ResourceType,
    key: string,
    written: KubeObject,
  ): KubeObject {
    const rv = ++this.rv;
    written.metadata.resourceVersion = String(rv);
    // Custom resources are stored unstructured, and the API server serialises
    // their maps with sorted keys: clients see a different key order than sent.
    const obj = type.builtIn ? written : sortKeysDeep(written);
    this.objects.set(
      resourceOf(type),
      bucketOf(type, obj.metadata.namespace),
      key,
      obj,
    );
    this.emit(
      {
        type: eventType,
        rv,
        key,
        object: clone(obj),
        resource: { group: type.group, plural: type.plural },
      },
      type,
    );
    return clone(obj);
  }

  private emit(event: StoredEvent, type: ResourceType) {
    this.log.push(event);
    if (this.log.length > this.logLimit) {
      const dropped = this.log.splice(0, this.log.length - this.logLimit);
      this.compactedRv = dropped[dropped.length - 1].rv;
    }
    for (const w of this.watchers) {
      if (this.watchMatches(w, type, event)) w.send(event);
    }
    for (const l of this.listeners) l(event);
  }

  private watchMatches(
    w: Watcher,
    type: ResourceType,
    event: StoredEvent,
  ): boolean {
    if (w.type.group !== type.group || w.type.plural !== type.plural)
      return false;
    const o = event.object;
    if (w.namespace && o.metadata.namespace !== w.namespace) return false;
    if (
      w.labelSelector &&
      !matchesRequirements(o.metadata.labels, w.labelSelector)
    )
      return false;
    if (
      w.fieldSelector &&
      !matchesFields(o, parseFieldSelector(w.fieldSelector, type.kind))
    )
      return false;
    return true;
  }

  /**
   * Registers a watcher. With `fromRv`, replays every logged event after it
   * (410 if history no longer reaches back that far); without, replays the
   * current state as ADDED events.
   */
  watch(w: Watcher, fromRv: string | undefined): () => void {
    if (fromRv && fromRv !== '0') {
      const n = Number(fromRv);
      if (!Number.isFinite(n))
        throw errors.badRequest(`invalid resource version: ${fromRv}`);
      if (n < this.compactedRv)
        throw errors.expired(fromRv, String(this.compactedRv));
      for (const e of this.log) {
        if (
          e.rv > n &&
          e.resource?.group === w.type.group &&
          e.resource?.plural === w.type.plural &&
          this.watchMatches(w, w.type, e)
        ) {
          w.send(e);
        }
      }
    } else {
      for (const o of this.list(w.type, w.namespace, {
        labelSelector: w.labelSelector,
        fieldSelector: w.fieldSelector,
      })) {
        w.send({
          type: 'ADDED',
          rv: Number(o.metadata.resourceVersion),
          key: '',
          object: o,
        });
      }
    }
    this.watchers.add(w);
    return () => this.watchers.delete(w);
  }
}

/** The part of a key naming the resource; every version of it shares the objects. */
function resourceOf(type: ResourceType): string {
  return `${type.group}/${type.plural}`;
}

/** The part of a key naming the namespace: empty for cluster-scoped types. */
function bucketOf(type: ResourceType, namespace: string | undefined): string {
  return type.namespaced ? namespace ?? '' : '';
}

/** A copy of a JSON value whose object keys are in ascending order at every level. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort())
    out[k] = sortKeysDeep((value as Record<string, unknown>)[k]);
  return out as T;
}
