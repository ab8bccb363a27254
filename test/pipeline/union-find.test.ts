import { describe, expect, it } from "vitest";
import { unionFind } from "../../src/pipeline/union-find.js";

describe("unionFind", () => {
  it("joins sets transitively and lists them in the order of their first members", () => {
    const sets = unionFind(6);
    sets.union(4, 1);
    sets.union(5, 4);
    sets.union(3, 0);
    expect(sets.groups()).toEqual([[0, 3], [1, 4, 5], [2]]);
    expect(sets.find(5)).toBe(sets.find(1));
    expect(sets.find(2)).toBe(2);
  });
});
