import { findCycles } from './dependencyGraph';

describe('findCycles', () => {
  it('finds no cycle in a DAG', () => {
    expect(findCycles(['a', 'b', 'c'], [[], [0], [0, 1]]).size).toBe(0);
  });

  it('reports a self-dependency', () => {
    expect(findCycles(['a'], [[0]])).toEqual(new Map([[0, 'a → a']]));
  });

  it('reports each member of a cycle in dependsOn order, starting from itself', () => {
    // a dependsOn b, b dependsOn c, c dependsOn a; d depends on a but is not on the cycle.
    const cycles = findCycles(['a', 'b', 'c', 'd'], [[1], [2], [0], [0]]);
    expect(cycles).toEqual(
      new Map([
        [0, 'a → b → c → a'],
        [1, 'b → c → a → b'],
        [2, 'c → a → b → c'],
      ]),
    );
  });

  it('gives the shortest cycle when there are several', () => {
    const cycles = findCycles(['a', 'b', 'c'], [[1, 2], [2], [0]]);
    expect(cycles.get(0)).toBe('a → c → a');
  });
});
