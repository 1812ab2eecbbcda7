import { NotAllowedError } from '@backstage/errors';

const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface OwnedObjects {
  namespace: string;
  group: string;
  plural: string;
}

/** Splits an API path into the parts the guard needs. */
export function parseApiPath(
  path: string,
):
  | { group: string; namespace?: string; plural?: string; name?: string }
  | undefined {
  const parts = path
    .split('?')[0]
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  let rest: string[];
  let group: string;
  if (parts[0] === 'api') {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    return { group, namespace: rest[1], plural: rest[2], name: rest[3] };
  }
  return { group, plural: rest[0], name: rest[1] };
}

/**
 * The engine's safety net: every write it makes must land in a sandbox this
 * run created, or be one of the provider's own restore objects. Anything else
 * is refused before the request leaves the process.
 */
export class WriteGuard {
  private readonly sandboxes = new Set<string>();
  private readonly volumes = new Set<string>();

  constructor(private readonly owned: OwnedObjects[]) {}

  /** Called once a sandbox namespace has been created by this run. */
  allowSandbox(namespace: string): void {
    this.sandboxes.add(namespace);
  }

  /** A PersistentVolume bound to a claim in one of this run's sandboxes (its reclaim policy may be changed). */
  allowVolume(name: string): void {
    this.volumes.add(name);
  }

  isSandbox(namespace: string): boolean {
    return this.sandboxes.has(namespace);
  }

  /** The reason a write is refused, or undefined when it is allowed. */
  check(method: string, path: string, body?: unknown): string | undefined {
    if (!writeMethods.has(method.toUpperCase())) return undefined;
    const target = parseApiPath(path);
    if (!target) return `${method} ${path} is not a Kubernetes API path`;
    const { group, namespace, plural, name } = target;
    if (namespace) {
      if (this.sandboxes.has(namespace)) return undefined;
      if (
        this.owned.some(
          o =>
            o.namespace === namespace &&
            o.group === group &&
            o.plural === plural,
        )
      )
        return undefined;
      return `write to namespace "${namespace}" (${plural}) is outside this run's sandboxes`;
    }
    if (group === '' && plural === 'namespaces') {
      // Creating a namespace: only one that was announced as this run's sandbox.
      const created =
        method.toUpperCase() === 'POST' ? (body as any)?.metadata?.name : name;
      if (created && this.sandboxes.has(created)) return undefined;
      return `namespace "${created ?? '?'}" is not a sandbox of this run`;
    }
    if (
      group === '' &&
      plural === 'persistentvolumes' &&
      method.toUpperCase() === 'PATCH' &&
      name &&
      this.volumes.has(name)
    )
      return undefined;
    return `cluster-scoped write to ${
      group ? `${plural}.${group}` : plural
    } is not allowed`;
  }

  assert(method: string, path: string, body?: unknown): void {
    const reason = this.check(method, path, body);
    if (reason)
      throw new NotAllowedError(
        `Kymaros refused to write outside its sandboxes: ${reason}`,
      );
  }
}
