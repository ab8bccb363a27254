import { describe, expect, it } from "vitest";
import { analyze } from "../../src/pipeline/analyze.js";
import { containment, jaccard, lshCandidates, shingle } from "../../src/pipeline/minhash.js";
import { SEEDS } from "../seeds.js";

describe("dedup", () => {
  it("merges near-identical sentences of different outlets into one unit with every occurrence", () => {
    const a = analyze(SEEDS);
    const unit = a.units.find((u) => u.text.includes("would like to see the troops return"))!;
    expect(unit.occurrences.map((o) => o.articleId).sort()).toEqual(["000_8bd907fa7b7b92f9", "001_15217fb02ca2d11b"]);
    expect(unit.independentSources).toBe(2);
    for (const o of unit.occurrences) {
      expect(SEEDS.find((s) => s.id === o.articleId)!.text.slice(o.start, o.end)).toContain(
        "would like to see the troops return",
      );
    }
    expect(a.units.length).toBeLessThan(a.sentences.length);
  });

  it("marks a wire copy as duplicateOf the original and counts it once", () => {
    const original = SEEDS[4]!;
    const copy = { id: "copy", text: `Reprinted by another site\n${original.text.replace("Thursday", "on Thursday")}` };
    const a = analyze([original, SEEDS[0]!, copy]);
    expect(a.sources.find((s) => s.articleId === "copy")?.duplicateOf).toBe(original.id);
    const shared = a.units.find((u) => u.text.includes("50-minute call"))!;
    expect(shared.occurrences).toHaveLength(2);
    expect(shared.independentSources).toBe(1);
  });

  it("never merges sentences that state different numbers", () => {
    const a = analyze([
      { id: "a", text: "The ministry said 120 soldiers were wounded in the attack on the base." },
      { id: "b", text: "The ministry said 150 soldiers were wounded in the attack on the base." },
    ]);
    expect(a.units).toHaveLength(2);
  });

  it("finds LSH candidates only among similar items", () => {
    const sets = [
      "the talks in geneva will start on monday",
      "the talks in geneva will start on monday!",
      "a completely different sentence about weather",
    ].map((t) => shingle(t));
    expect(lshCandidates(sets, { bands: 42, rows: 3 })).toEqual([[0, 1]]);
    expect(jaccard(sets[0]!, sets[1]!)).toBeGreaterThan(0.8);
    expect(containment(sets[0]!, sets[2]!)).toBeLessThan(0.2);
  });
});

describe("conflicts", () => {
  it("finds the Geneva date conflict in the seeds, with both sides cited", () => {
    const a = analyze(SEEDS);
    const geneva = a.conflicts.find((c) => /Geneva/.test(c.about));
    expect(geneva).toBeDefined();
    const sides = geneva!.claims.map((c) => new Set(c.citations.map((x) => x.articleId.slice(0, 3))));
    expect(sides.some((s) => s.has("000") && s.has("001"))).toBe(true);
    expect(sides.some((s) => s.has("003") && s.has("004"))).toBe(true);
    for (const claim of geneva!.claims) {
      for (const c of claim.citations)
        expect(SEEDS.find((s) => s.id === c.articleId)!.text.slice(c.start, c.end)).toBe(c.quote);
    }
  });

  it("reports no conflict when outlets agree on a date", () => {
    const a = analyze([
      { id: "a", text: "Ministers will meet in Oslo on March 3 to sign the treaty." },
      { id: "b", text: "The treaty is due to be signed in Oslo on March 3, officials said." },
    ]);
    expect(a.conflicts).toEqual([]);
  });

  it("needs two independent sources: a wire copy cannot conflict with itself", () => {
    const a = analyze([
      { id: "a", text: "Ministers will meet in Oslo on March 3 to sign the treaty." },
      { id: "b", text: "Diplomats expect the signing ceremony in Oslo on March 5." },
    ]);
    expect(a.conflicts).toHaveLength(1);
    expect(a.conflicts[0]!.about).toMatch(/Oslo/);
  });
});
