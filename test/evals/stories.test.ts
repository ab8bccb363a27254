import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { adjustedRandIndex, purity, runStories } from "../../evals/stories.js";

const empty = mkdtempSync(join(tmpdir(), "wirebrief-stories-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe("the stories eval's scores", () => {
  it("gives ARI 1 to identical partitions whatever the labels, and about 0 to a chance one", () => {
    expect(adjustedRandIndex(["a", "a", "b", "b"], [7, 7, 3, 3])).toBe(1);
    // Each predicted cluster holds one item of each event: no better than chance.
    expect(adjustedRandIndex(["a", "a", "b", "b"], [1, 2, 1, 2])).toBeLessThan(0);
    // By hand: index 2, expected 6 · 3 / 15 = 1.2, max (6 + 3) / 2 = 4.5.
    expect(adjustedRandIndex(["a", "a", "a", "b", "b", "b"], [1, 1, 2, 2, 3, 3])).toBeCloseTo(0.8 / 3.3, 6);
  });

  it("measures purity by predicted cluster and inverse purity by event", () => {
    // One cluster merging two events: impure but whole.
    expect(purity(["a", "a", "b"], [1, 1, 1])).toEqual({ purity: 2 / 3, inversePurity: 1 });
    // Every article alone: pure but split.
    expect(purity(["a", "a", "b"], [1, 2, 3])).toEqual({ purity: 1, inversePurity: 2 / 3 });
  });

  it("fails by name when the event files are missing", () => {
    const result = runStories(empty);
    expect(result.problems.join("\n")).toMatch(/found 0 event files .* expected 36/);
    expect(result.problems.join("\n")).toMatch(/no held-out events/);
    expect(result.metrics.ari).toBeNull();
  });
});
