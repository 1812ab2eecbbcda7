import { ObjectIndex } from './ObjectIndex';
import type { KubeObject } from './types';

function object(name: string, namespace?: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace } };
}

function names(objects: Iterable<KubeObject>): string[] {
  return [...objects].map(o => o.metadata.name).sort();
}

describe('ObjectIndex', () => {
  it('selects the objects of one resource in one namespace or in all', () => {
    const index = new ObjectIndex();
    index.set('/pods', 'a', '/pods/a/p1', object('p1', 'a'));
    index.set('/pods', 'b', '/pods/b/p2', object('p2', 'b'));
    index.set('/configmaps', 'a', '/configmaps/a/c1', object('c1', 'a'));

    expect(names(index.select('/pods', 'a'))).toEqual(['p1']);
    expect(names(index.select('/pods'))).toEqual(['p1', 'p2']);
    expect(names(index.select('/configmaps'))).toEqual(['c1']);
    expect(names(index.select('/secrets'))).toEqual([]);
    expect(names(index.select('/pods', 'c'))).toEqual([]);
  });

  it('replaces an object in place and forgets it on delete', () => {
    const index = new ObjectIndex();
    index.set('/pods', 'a', '/pods/a/p1', object('p1', 'a'));
    const replaced = object('p1', 'a');
    index.set('/pods', 'a', '/pods/a/p1', replaced);

    expect([...index.select('/pods', 'a')]).toEqual([replaced]);
    expect(index.get('/pods/a/p1')).toBe(replaced);

    index.delete('/pods/a/p1');
    expect(index.has('/pods/a/p1')).toBe(false);
    expect([...index.select('/pods')]).toEqual([]);
  });

  it('drops groups that become empty, so passing namespaces leave nothing behind', () => {
    const index = new ObjectIndex();
    for (let i = 0; i < 50; i++)
      index.set('/pods', `ns-${i}`, `/pods/ns-${i}/p`, object('p', `ns-${i}`));
    expect(index.bucketCount()).toBe(50);

    for (let i = 0; i < 50; i++) index.delete(`/pods/ns-${i}/p`);
    expect(index.bucketCount()).toBe(0);
  });
});
