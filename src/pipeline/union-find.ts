/**
 * Disjoint sets over 0..n-1 with path halving: `union` joins two sets (the smaller index becomes the root),
 * `find` names a set by its root, and `groups` lists the sets in the order of their first members, each member
 * list ascending. Dedup (sentences into evidence units) and the digest's wire copies (articles) both use it.
 *
 * @example
 * const sets = unionFind(4); sets.union(0, 2);
 * sets.groups() // [[0, 2], [1], [3]]
 */
export function unionFind(n: number) {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (i: number, j: number): void => {
    const a = find(i);
    const b = find(j);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  const groups = (): number[][] => {
    const byRoot = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      const root = find(i);
      const group = byRoot.get(root);
      if (group) group.push(i);
      else byRoot.set(root, [i]);
    }
    return [...byRoot.values()];
  };
  return { find, union, groups };
}
