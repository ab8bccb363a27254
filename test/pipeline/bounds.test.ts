import { describe, expect, it } from "vitest";
import { repetitive, giantSentence, LIMIT_ARTICLES, LIMIT_CHARS } from "../../bench/inputs.js";
import { analyze, ANALYSIS_BOUNDS } from "../../src/pipeline/analyze.js";
import { MAX_POSTINGS } from "../../src/pipeline/dedup.js";
import { similarPairs, shingle } from "../../src/pipeline/minhash.js";

describe("the work a valid request may cause", () => {
  it("reads a bounded share of 50 repetitive articles at the size limit and compares a bounded number of pairs", () => {
    const articles = repetitive(LIMIT_ARTICLES, LIMIT_CHARS);
    const a = analyze(articles);
    const charsEach = ANALYSIS_BOUNDS.chars / articles.length;
    expect(a.sentences.length).toBeLessThanOrEqual(ANALYSIS_BOUNDS.sentences);
    expect(a.sentences.length).toBeGreaterThan(ANALYSIS_BOUNDS.sentences / 2);
    for (const s of a.sentences) {
      expect(s.end).toBeLessThanOrEqual(charsEach);
      expect(s.end - s.start).toBeLessThanOrEqual(ANALYSIS_BOUNDS.sentenceChars);
    }
    // Each sentence meets at most MAX_POSTINGS others under each shingle of its prefix (at most all its shingles).
    const shingles = a.sentences.reduce((n, s) => n + shingle(s.features.content.join(" ")).length, 0);
    expect(a.dedup.work.candidates).toBeLessThanOrEqual(shingles * MAX_POSTINGS);
    expect(a.dedup.work.comparisons).toBeLessThanOrEqual(a.dedup.work.candidates);
    expect(a.dedup.work.cappedShingles).toBeGreaterThan(0);
    // And far fewer than all pairs of sentences, which the repetitive text would otherwise make candidates.
    expect(a.dedup.work.candidates).toBeLessThan((a.sentences.length * (a.sentences.length - 1)) / 2 / 10);
  });

  it("cuts a run-on sentence into pieces of bounded length", () => {
    const [article] = giantSentence(1, 20_000);
    const a = analyze([article!]);
    expect(a.sentences.length).toBeGreaterThan(10);
    for (const s of a.sentences) {
      expect(s.end - s.start).toBeLessThanOrEqual(ANALYSIS_BOUNDS.sentenceChars);
      expect(article!.text.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it("caps the sets indexed under one shingle, so identical texts are not all paired", () => {
    const sets = Array.from({ length: 500 }, () => shingle("the same words again and again"));
    const capped = similarPairs(sets, 0.45, { maxPostings: 8 });
    const exact = similarPairs(sets, 0.45);
    expect(exact.work.candidates).toBe((500 * 499) / 2);
    expect(capped.work.candidates).toBeLessThanOrEqual(500 * 8);
    expect(capped.work.cappedShingles).toBeGreaterThan(0);
  });

  it("finds every pair at or above the threshold while nothing is capped", () => {
    const texts = [
      "talks in geneva on january ten",
      "talks in geneva on january ten!",
      "a fire destroyed the harbor",
      "the harbor fire destroyed warehouses",
    ];
    const sets = texts.map((t) => shingle(t));
    const found = new Set(similarPairs(sets, 0.3).pairs.map(([i, j]) => `${i},${j}`));
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) {
        const inter = [...sets[i]!].filter((x) => sets[j]!.includes(x)).length;
        const jac = inter / (sets[i]!.length + sets[j]!.length - inter);
        if (jac >= 0.3) expect(found.has(`${i},${j}`)).toBe(true);
      }
    }
  });
});
