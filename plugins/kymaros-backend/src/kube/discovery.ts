import type { KubeConfig, V1APIResourceList } from '@kubernetes/client-node';
import { kubeGet, parseJson } from './kubeRequest';
import { describeError } from '../util/errors';

/** A served resource, as discovery describes it. */
export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

/** `/api/v1` for the core group, `/apis/{group}/{version}` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

export function splitApiVersion(apiVersion: string): {
  group: string;
  version: string;
} {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : {
        group: apiVersion.slice(0, slash),
        version: apiVersion.slice(slash + 1),
      };
}

/** The REST path of one object of a resource. */
export function objectPath(
  resource: ApiResource,
  namespace: string,
  name: string,
): string {
  const scope = resource.namespaced
    ? `/namespaces/${encodeURIComponent(namespace)}`
    : '';
  return `${groupVersionPath(resource.group, resource.version)}${scope}/${
    resource.plural
  }/${encodeURIComponent(name)}`;
}

/**
 * Finds a resource in one group-version's list by kind, accepting what people
 * type in YAML: the kind in any case, the plural, the singular or a short
 * name (`Secret`, `secrets`, `pvc`). An exact kind match wins.
 */
export function matchResource(
  list: V1APIResourceList,
  group: string,
  version: string,
  wanted: string,
): ApiResource | undefined {
  const lower = wanted.toLowerCase();
  const resources = list.resources.filter(r => !r.name.includes('/'));
  const hit =
    resources.find(r => r.kind === wanted) ??
    resources.find(
      r =>
        r.kind.toLowerCase() === lower ||
        r.name === lower ||
        r.singularName === lower ||
        (r.shortNames ?? []).includes(lower),
    );
  return hit
    ? {
        group,
        version,
        kind: hit.kind,
        plural: hit.name,
        namespaced: hit.namespaced,
      }
    : undefined;
}

/**
 * Maps kinds to resources through the API server's discovery, so any kind
 * the cluster serves (custom resources included) can be looked up, where
 * Kymaros knew four kinds by name. One instance caches for one check run:
 * CRDs restored by the run itself must be visible to the next one.
 */
export class Discovery {
  private readonly lists = new Map<
    string,
    Promise<V1APIResourceList | undefined>
  >();
  private groupVersions?: Promise<{ group: string; version: string }[]>;

  constructor(
    private readonly kc: KubeConfig,
    private readonly signal?: AbortSignal,
  ) {}

  /** The resource for a kind, optionally pinned to an apiVersion; undefined when the cluster does not serve it. */
  async resolve(
    kind: string,
    apiVersion?: string,
  ): Promise<ApiResource | undefined> {
    if (apiVersion) {
      const { group, version } = splitApiVersion(apiVersion);
      const list = await this.resources(group, version, false);
      return list && matchResource(list, group, version, kind);
    }
    // Core first, then groups in the server's order, as kubectl resolves short kinds.
    const core = await this.resources('', 'v1', false);
    const inCore = core && matchResource(core, '', 'v1', kind);
    if (inCore) return inCore;
    const groups = await this.preferredGroupVersions();
    const lists = await Promise.all(
      groups.map(g => this.resources(g.group, g.version, true)),
    );
    for (let i = 0; i < groups.length; i++) {
      const list = lists[i];
      const hit =
        list && matchResource(list, groups[i].group, groups[i].version, kind);
      if (hit) return hit;
    }
    return undefined;
  }

  private preferredGroupVersions() {
    this.groupVersions ??= this.get('/apis').then(body =>
      ((body?.groups ?? []) as any[]).map(g => ({
        group: g.name as string,
        version: (g.preferredVersion?.version ??
          g.versions?.[0]?.version) as string,
      })),
    );
    return this.groupVersions;
  }

  /**
   * One group-version's resources. A 404 means the cluster does not serve it
   * (the kind is unknown, not an error); while scanning every group, a 503
   * from an aggregated API that is down (metrics-server) must not hide the
   * other groups either.
   */
  private resources(group: string, version: string, scanning: boolean) {
    const key = `${group}/${version}/${scanning}`;
    let list = this.lists.get(key);
    if (!list) {
      list = this.get(
        groupVersionPath(group, version),
        scanning ? [404, 503] : [404],
      );
      this.lists.set(key, list);
    }
    return list;
  }

  /** GETs a discovery document; statuses in `tolerated` (e.g. an aggregated API that is down) give undefined. */
  private async get(path: string, tolerated: number[] = []): Promise<any> {
    const res = await kubeGet(this.kc, path, {
      signal: this.signal,
      maxBytes: 4 * 1024 * 1024,
    });
    if (res.status === 200) return parseJson(res.body);
    if (tolerated.includes(res.status)) return undefined;
    throw new Error(
      `discovery ${path} failed: ${describeError({
        code: res.status,
        body: res.body,
      })}`,
    );
  }
}
