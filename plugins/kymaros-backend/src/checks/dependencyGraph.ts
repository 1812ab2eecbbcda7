/**
 * Finds the dependsOn cycles among checks. `edges[i]` lists the indices check
 * `i` depends on. Returns, for each check on a cycle, the cycle as names
 * starting and ending with that check (`a → b → a`), the shortest one found.
 */
export function findCycles(
  names: string[],
  edges: number[][],
): Map<number, string> {
  const cycles = new Map<number, string>();
  for (let start = 0; start < names.length; start++) {
    // Breadth-first from `start` back to itself gives its shortest cycle.
    const previous = new Map<number, number>();
    const queue = [start];
    let found = false;
    while (queue.length && !found) {
      const node = queue.shift()!;
      for (const next of edges[node]) {
        if (next === start) {
          previous.set(start, node);
          found = true;
          break;
        }
        if (!previous.has(next)) {
          previous.set(next, node);
          queue.push(next);
        }
      }
    }
    if (!found) continue;
    const path = [start];
    for (
      let node = previous.get(start)!;
      node !== start;
      node = previous.get(node)!
    ) {
      path.push(node);
    }
    path.push(start);
    // The walk went backwards along the edges; read it forwards.
    const forward = [start, ...path.slice(1, -1).reverse(), start];
    cycles.set(start, forward.map(i => names[i]).join(' → '));
  }
  return cycles;
}
