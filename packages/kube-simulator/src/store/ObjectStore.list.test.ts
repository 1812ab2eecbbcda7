import {
  ResourceRegistry,
  ResourceType,
  builtInResources,
} from '../api/resources';
import { systemClock } from '../clock';
import { kinds } from '../controllers/kinds';
import { parseLabelSelector } from './labelSelector';
import { ObjectStore } from './ObjectStore';
import type { KubeObject } from './types';

function newStore() {
  const registry = new ResourceRegistry(builtInResources);
  return { store: new ObjectStore(registry, systemClock), k: kinds(registry) };
}

/** Deterministic pseudo-random numbers, so a failure replays identically. */
function seeded(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor((s / 2147483648) * n);
  };
}

const pod = (name: string, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'i' }] },
});

describe('ObjectStore lists', () => {
  it('read only the objects of the listed resource, in the listed namespace when given', () => {
    const { store, k } = newStore();
    for (let n = 0; n < 1000; n++) {
      const ns = `ns-${n}`;
      store.create(k.namespaces, undefined, { metadata: { name: ns } } as any);
      for (let i = 0; i < 3; i++) store.create(k.pods, ns, pod(`p-${i}`));
      for (let i = 0; i < 2; i++)
        store.create(k.configmaps, ns, { metadata: { name: `c-${i}` } } as any);
    }

    const visits = (read: () => unknown[]) => {
      const before = store.objectsVisited();
      const found = read().length;
      return { found, visited: store.objectsVisited() - before };
    };

    expect(visits(() => store.list(k.pods, 'ns-7'))).toEqual({
      found: 3,
      visited: 3,
    });
    expect(
      visits(() =>
        store.list(k.pods, 'ns-7', {
          labelSelector: parseLabelSelector('app=none'),
        }),
      ),
    ).toEqual({ found: 0, visited: 3 });
    expect(visits(() => store.list(k.pods, undefined))).toEqual({
      found: 3000,
      visited: 3000,
    });
    expect(visits(() => store.listInNamespace('ns-7'))).toEqual({
      found: 5,
      visited: 5,
    });
  });

  it('return what the store has reported, across creates, updates and deletions', () => {
    const { store, k } = newStore();
    const next = seeded(42);
    // What the change events say is stored: an account kept apart from the lists.
    const reported = new Map<string, KubeObject>();
    const seen = { created: 0, deleted: 0, terminating: 0 };
    store.onChange(e => {
      if (e.type === 'ADDED') seen.created++;
      if (e.type === 'DELETED') seen.deleted++;
      if (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp)
        seen.terminating++;
      if (e.type === 'DELETED') reported.delete(e.key);
      else reported.set(e.key, e.object);
    });
    const namespaces = ['a', 'b', 'c', 'd'];
    for (const name of namespaces)
      store.create(k.namespaces, undefined, { metadata: { name } } as any);
    const types: ResourceType[] = [k.pods, k.configmaps, k.pvs];
    const body = (type: ResourceType, name: string) =>
      ({
        metadata: {
          name,
          labels: { tier: ['web', 'db'][next(2)] },
          ...(next(3) === 0 ? { finalizers: ['example.com/hold'] } : {}),
        },
        ...(type === k.pods ? pod(name) : {}),
      } as any);

    const expected = (type: ResourceType, ns?: string, tier?: string) =>
      [...reported.values()]
        .filter(
          o =>
            o.kind === type.kind &&
            (!type.namespaced || !ns || o.metadata.namespace === ns) &&
            (!tier || o.metadata.labels?.tier === tier),
        )
        .sort((x, y) =>
          `${x.metadata.namespace ?? ''}/${x.metadata.name}`.localeCompare(
            `${y.metadata.namespace ?? ''}/${y.metadata.name}`,
          ),
        );

    for (let step = 0; step < 1500; step++) {
      const type = types[next(types.length)];
      const ns = type.namespaced
        ? namespaces[next(namespaces.length)]
        : undefined;
      const name = `o-${next(12)}`;
      const current = store.get(type, ns, name);
      if (!current) {
        store.create(type, ns, body(type, name));
      } else if (next(3) === 0) {
        store.delete(type, ns, name);
      } else {
        // Relabels, or releases the finalizer so a deleted object goes.
        store.mutate(type, ns, name, o => {
          o.metadata.labels = { tier: ['web', 'db'][next(2)] };
          if (next(2) === 0) o.metadata.finalizers = [];
        });
      }
      if (step % 50 !== 0) continue;
      for (const t of types) {
        for (const n of [undefined, ...namespaces]) {
          expect(store.list(t, n)).toEqual(expected(t, n));
          expect(
            store.list(t, n, { labelSelector: parseLabelSelector('tier=web') }),
          ).toEqual(expected(t, n, 'web'));
        }
      }
    }
    // The walk went through every path that changes what is stored.
    expect(seen.created).toBeGreaterThan(200);
    expect(seen.deleted).toBeGreaterThan(100);
    expect(seen.terminating).toBeGreaterThan(20);
    expect(reported.size).toBeGreaterThan(40);
  });
});
