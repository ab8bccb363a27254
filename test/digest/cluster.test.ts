import { describe, expect, it } from "vitest";
import { averageLinkage, groupStories, timeFactor } from "../../src/digest/cluster.js";
import type { GroupableArticle } from "../../src/digest/types.js";
import { MIXED_STORIES, MIXED_WINDOW } from "./mixed-window.js";

const sorted = (groups: { articleIds: string[] }[]) => groups.map((g) => [...g.articleIds].sort()).sort();

describe("groupStories", () => {
  it("groups one story told in different words and keeps two court rulings of the same day apart", () => {
    const groups = groupStories(MIXED_WINDOW);
    expect(sorted(groups)).toEqual(MIXED_STORIES.map((s) => [...s].sort()).sort());
  });

  it("marks the wire copy and the trimmed copy as duplicates of the original, and nothing else", () => {
    const groups = groupStories(MIXED_WINDOW);
    const map = groups.find((g) => g.articleIds.includes("map-wire"))!;
    expect(map.duplicateOf).toEqual({ "map-copy": "map-wire", "map-trimmed": "map-wire" });
    const others = groups.filter((g) => g !== map);
    expect(others).toHaveLength(2);
    for (const g of others) expect(g.duplicateOf).toEqual({});
  });

  it("titles each story with the title of one of its own articles, the first listed", () => {
    for (const g of groupStories(MIXED_WINDOW)) {
      const first = MIXED_WINDOW.find((a) => a.id === g.articleIds[0])!;
      expect(g.title).toBe(first.title);
    }
  });

  it("lists an original before its copies", () => {
    const map = groupStories(MIXED_WINDOW).find((g) => g.articleIds.includes("map-wire"))!;
    const at = (id: string) => map.articleIds.indexOf(id);
    expect(at("map-wire")).toBeLessThan(at("map-copy"));
    expect(at("map-wire")).toBeLessThan(at("map-trimmed"));
  });

  it("takes the first line as the title when an article has none, skipping a date line", () => {
    const [g] = groupStories([{ id: "x", text: "Friday, March 6\n\nFrost hits valley orchards\n\nA late frost hit." }]);
    expect(g!.title).toBe("Frost hits valley orchards");
    expect(groupStories([{ id: "blank", text: "  \n " }])[0]!.title).toBe("blank");
  });

  it("gives the same stories for the same articles in any order", () => {
    const once = groupStories(MIXED_WINDOW);
    const reversed = groupStories([...MIXED_WINDOW].reverse());
    const shuffled = groupStories([3, 7, 0, 5, 1, 8, 2, 6, 4].map((i) => MIXED_WINDOW[i]!));
    expect(reversed).toEqual(once);
    expect(shuffled).toEqual(once);
  });

  it("makes a single article its own story", () => {
    const a: GroupableArticle = { id: "solo", title: "Frost hits orchards", text: "A late frost hit the valley." };
    expect(groupStories([a])).toEqual([{ articleIds: ["solo"], title: "Frost hits orchards", duplicateOf: {} }]);
  });

  it("returns no stories for no articles", () => {
    expect(groupStories([])).toEqual([]);
  });

  it("keeps the same event's articles apart when they are published weeks apart", () => {
    const a = MIXED_WINDOW.find((x) => x.id === "tariff-wire")!;
    const b = { ...MIXED_WINDOW.find((x) => x.id === "tariff-ledger")!, publishedAt: "2026-04-20T10:00:00Z" };
    expect(groupStories([a, b])).toHaveLength(2);
    expect(groupStories([a, { ...b, publishedAt: "2026-03-03T21:00:00Z" }])).toHaveLength(1);
  });
});

describe("averageLinkage", () => {
  it("merges by average similarity, counting absent edges as zero", () => {
    // 0-1 and 1-2 are close, 0-2 unrelated: the average of {0,1} to 2 is (0.9 + 0) / 2, below 0.5.
    expect(
      averageLinkage(
        3,
        [
          [0, 1, 0.95],
          [1, 2, 0.9],
        ],
        0.5,
      ),
    ).toEqual([[0, 1], [2]]);
    expect(
      averageLinkage(
        3,
        [
          [0, 1, 0.95],
          [1, 2, 0.9],
          [0, 2, 0.6],
        ],
        0.5,
      ),
    ).toEqual([[0, 1, 2]]);
  });
});

describe("timeFactor", () => {
  it("gives full weight within a day, less over days, and full weight when a time is unknown", () => {
    const day = 86_400_000;
    expect(timeFactor(0, 0.9 * day, { fullWeightDays: 1, decayDays: 1.5 })).toBe(1);
    expect(timeFactor(0, 4 * day, { fullWeightDays: 1, decayDays: 1.5 })).toBeLessThan(0.2);
    expect(timeFactor(Number.NaN, 4 * day, { fullWeightDays: 1, decayDays: 1.5 })).toBe(1);
  });
});
