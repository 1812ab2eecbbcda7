import { NotAllowedError } from '@backstage/errors';

/** Methods that only read. Anything else (including CONNECT or made-up verbs) is held to the write rules. */
const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Subresources that open a stream into a workload or reach through to it: sandbox-only whatever the method. */
const connectVerbs: Record<string, string> = {
  exec: 'exec into',
  attach: 'attach to',
  portforward: 'port-forward to',
  proxy: 'proxy to',
};

const singular: Record<string, string> = {
  pods: 'pod',
  services: 'service',
  nodes: 'node',
};

const WRITE_REFUSED = 'Kymaros refused to write outside its sandboxes';

export interface OwnedObjects {
  namespace: string;
  group: string;
  plural: string;
  /** Only objects whose name starts with it (a kind the provider's own configuration also uses). */
  namePrefix?: string;
  /** Only creates of new objects, named in the request: no update, patch or delete. */
  createOnly?: boolean;
}

export interface ApiTarget {
  group: string;
  namespace?: string;
  plural?: string;
  name?: string;
  subresource?: string;
}

export type ParsedPath =
  | ({ kind: 'api' } & ApiTarget)
  | { kind: 'other' }
  /** The path means different things depending on how a server normalises it. */
  | { kind: 'ambiguous' };

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** `/namespaces/{name}/status` and `/finalize` belong to the namespace object, not to a namespace. */
function isNamespaceSubresource(group: string, rest: string[]): boolean {
  return (
    group === '' &&
    rest.length === 3 &&
    (rest[2] === 'status' || rest[2] === 'finalize')
  );
}

/**
 * Splits an API path into the parts the guard needs. Segments are decoded
 * one by one; a path whose parts the guard reads contain encoded slashes,
 * empty, `.` or `..` segments is ambiguous, since the API server or a proxy
 * may resolve it to another namespace or subresource than it appears to name.
 */
export function parseApiPath(path: string): ParsedPath {
  const raw = path.split('?')[0].split('/');
  if (raw[0] !== '') return { kind: 'other' };
  const parts = raw.slice(1);
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  const decoded = parts.map(decodeSegment);
  if (decoded.some(s => s === undefined || s === '.' || s === '..'))
    return { kind: 'ambiguous' };
  const segments = decoded as string[];
  let prefix: number;
  if (segments[0] === 'api') prefix = 2;
  else if (segments[0] === 'apis') prefix = 3;
  else return { kind: 'other' };
  const group = prefix === 3 ? segments[1] ?? '' : '';
  const rest = segments.slice(prefix);
  const namespaced =
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    !isNamespaceSubresource(group, rest);
  // Anything after the subresource is the proxied application's own path.
  const read = segments.slice(0, prefix + (namespaced ? 5 : 3));
  if (read.some(s => s === '' || s.includes('/') || s.includes('\\')))
    return { kind: 'ambiguous' };
  if (namespaced)
    return {
      kind: 'api',
      group,
      namespace: rest[1],
      plural: rest[2],
      name: rest[3],
      subresource: rest[4],
    };
  return {
    kind: 'api',
    group,
    plural: rest[0],
    name: rest[1],
    subresource: rest[2],
  };
}

/**
 * Why a write to a provider's own kind is refused by the entry's name
 * prefix, if it is: the name must be known (from the body on create, a
 * generated name is never known beforehand; from the path otherwise, so a
 * delete of the whole collection is refused) and start with the prefix.
 */
function ownedNameRefusal(
  owned: OwnedObjects,
  method: string,
  target: ApiTarget,
  body: unknown,
): string | undefined {
  const { namePrefix } = owned;
  if (namePrefix === undefined) return undefined;
  const what = `${method} ${target.plural} in namespace "${target.namespace}"`;
  const metadata = (body as any)?.metadata;
  if (method === 'POST' && metadata?.generateName !== undefined)
    return `${what} with generateName: only names starting with "${namePrefix}" may be written`;
  const names =
    method === 'POST' ? [metadata?.name, target.name] : [target.name];
  if (typeof names[0] !== 'string')
    return `${what} without a name: only names starting with "${namePrefix}" may be written`;
  const outside = names.find(
    n =>
      n !== undefined && !(typeof n === 'string' && n.startsWith(namePrefix)),
  );
  if (outside === undefined) return undefined;
  return `${what}: "${String(outside)}" does not start with "${namePrefix}"`;
}

/**
 * Why a write to a create-only kind is refused, if it is: only a POST to
 * the collection with the name in the body. Anything that could change or
 * remove an object already there (the provider's backup data among them) is not.
 */
function createOnlyRefusal(
  owned: OwnedObjects,
  method: string,
  target: ApiTarget,
  body: unknown,
): string | undefined {
  if (!owned.createOnly) return undefined;
  const what = `${method} ${target.plural}${
    target.name ? `/${target.name}` : ''
  }${target.subresource ? `/${target.subresource}` : ''} in namespace "${
    target.namespace
  }"`;
  if (method !== 'POST' || target.name !== undefined)
    return `${what}: ${target.plural} may only be created, never changed or deleted`;
  const metadata = (body as any)?.metadata;
  if (typeof metadata?.name !== 'string' || metadata.generateName !== undefined)
    return `${what}: a new object must be named in the request body, without generateName`;
  return undefined;
}

/**
 * The engine's safety net: every write it makes must land in a sandbox this
 * run created, or be one of the provider's own restore objects; exec,
 * attach, port-forward and proxy reach only pods and services in those
 * sandboxes. Anything else is refused before the request leaves the process.
 */
export class WriteGuard {
  /** Sandbox name to the uid it was created with, when known. */
  private readonly sandboxes = new Map<string, string | undefined>();
  private readonly volumes = new Set<string>();

  constructor(private readonly owned: OwnedObjects[] = []) {}

  /** A provider's own objects, known once the provider exists. */
  allowOwned(objects: OwnedObjects[]): void {
    this.owned.push(...objects);
  }

  /**
   * Called for a sandbox namespace this run creates. With its uid, deleting
   * it is allowed only with that uid as a precondition, so a namespace
   * someone else re-created under the same name is never removed.
   */
  allowSandbox(namespace: string, uid?: string): void {
    this.sandboxes.set(namespace, uid ?? this.sandboxes.get(namespace));
  }

  /** A PersistentVolume bound to a claim in one of this run's sandboxes (its reclaim policy may be changed). */
  allowVolume(name: string): void {
    this.volumes.add(name);
  }

  isSandbox(namespace: string): boolean {
    return this.sandboxes.has(namespace);
  }

  /**
   * The reason a request is refused, or undefined when it is allowed.
   * `upgrade` is set for requests that ask to switch protocols (WebSocket,
   * SPDY): a stream into the cluster whatever path it names.
   */
  check(
    method: string,
    path: string,
    body?: unknown,
    upgrade = false,
  ): string | undefined {
    const verb = method.toUpperCase();
    const parsed = parseApiPath(path);
    if (parsed.kind === 'ambiguous')
      return `${verb} ${path} refused: the path has empty, "." or ".." segments or encoded slashes, which the API server may resolve to another target`;
    const connect =
      parsed.kind === 'api' && parsed.subresource
        ? connectVerbs[parsed.subresource]
        : undefined;
    if (connect && parsed.kind === 'api')
      return this.checkConnect(connect, parsed);
    if (upgrade) {
      if (parsed.kind === 'api' && parsed.namespace) {
        if (this.sandboxes.has(parsed.namespace)) return undefined;
        return `streaming ${verb} ${path} refused: namespace "${parsed.namespace}" is not a sandbox of this run`;
      }
      return `streaming ${verb} ${path} refused: not in a sandbox of this run`;
    }
    if (readMethods.has(verb)) return undefined;
    if (parsed.kind !== 'api')
      return `${WRITE_REFUSED}: ${verb} ${path} is not a Kubernetes API path`;
    const reason = this.checkWrite(verb, parsed, body);
    return reason && `${WRITE_REFUSED}: ${reason}`;
  }

  assert(method: string, path: string, body?: unknown, upgrade = false): void {
    const reason = this.check(method, path, body, upgrade);
    if (reason) throw new NotAllowedError(reason);
  }

  private checkConnect(verb: string, target: ApiTarget): string | undefined {
    const { group, namespace, plural = '', name = '?' } = target;
    const what = `${verb} ${singular[plural] ?? plural} ${
      namespace ? `${namespace}/${name}` : name
    }`;
    if (group !== '' || !namespace || !['pods', 'services'].includes(plural))
      return `${what} refused: only pods and services in this run's sandboxes can be reached`;
    if (!this.sandboxes.has(namespace))
      return `${what} refused: not a sandbox of this run`;
    return undefined;
  }

  private checkWrite(
    method: string,
    target: ApiTarget,
    body: unknown,
  ): string | undefined {
    const { group, namespace, plural, name } = target;
    if (namespace) {
      if (this.sandboxes.has(namespace)) return undefined;
      const owned = this.owned.filter(
        o =>
          o.namespace === namespace && o.group === group && o.plural === plural,
      );
      if (owned.length === 0)
        return `write to namespace "${namespace}" (${plural}) is outside this run's sandboxes`;
      const refusals = owned.map(
        o =>
          createOnlyRefusal(o, method, target, body) ??
          ownedNameRefusal(o, method, target, body),
      );
      return refusals.includes(undefined) ? undefined : refusals[0];
    }
    if (group === '' && plural === 'namespaces')
      return this.checkNamespaceWrite(method, target, body);
    if (
      group === '' &&
      plural === 'persistentvolumes' &&
      method === 'PATCH' &&
      name &&
      this.volumes.has(name) &&
      !target.subresource
    )
      return undefined;
    return `cluster-scoped write to ${
      group ? `${plural}.${group}` : plural
    } is not allowed`;
  }

  /** Creating, changing or deleting a namespace object: only one announced as this run's sandbox. */
  private checkNamespaceWrite(
    method: string,
    target: ApiTarget,
    body: unknown,
  ): string | undefined {
    const named =
      method === 'POST' && !target.name
        ? (body as any)?.metadata?.name
        : target.name;
    if (typeof named !== 'string' || !this.sandboxes.has(named))
      return `namespace "${named ?? '?'}" is not a sandbox of this run`;
    const uid = this.sandboxes.get(named);
    if (method !== 'DELETE' || target.subresource || uid === undefined)
      return undefined;
    const given = (body as any)?.preconditions?.uid;
    if (given === uid) return undefined;
    return given === undefined
      ? `deleting namespace "${named}" requires preconditions.uid ${uid}, the namespace this run created`
      : `deleting namespace "${named}" with preconditions.uid ${String(
          given,
        )}: this run created it with uid ${uid}`;
  }
}
