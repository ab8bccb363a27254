import { describe, expect, it } from "vitest";
import { fuzzApp } from "./fuzz-bodies.js";

describe("generated request bodies", () => {
  it("never get a 5xx, always get errors in the envelope, and never get a citation that misses its quote", async () => {
    const outcome = await fuzzApp({ runs: 300, seed: 8 });
    expect(outcome.problems).toEqual([]);
    const answered = Object.values(outcome.statuses).flatMap((byStatus) => Object.entries(byStatus));
    // The bodies must reach the pipeline, not only the validator: some of each are answered 200.
    for (const route of ["/summarize", "/verify"]) expect(outcome.statuses[route]?.["200"] ?? 0).toBeGreaterThan(10);
    expect(answered.reduce((n, [, k]) => n + k, 0)).toBe(300);
  }, 120_000);
});
