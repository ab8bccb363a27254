import { describe, expect, it } from "vitest";
import { loadStorySuite } from "../../evals/suite.js";
import { analyze } from "../../src/pipeline/analyze.js";
import { featuresOf } from "../../src/pipeline/features.js";
import { contentOf, hasNumber, STOPWORDS } from "../../src/pipeline/lexicon.js";

describe("featuresOf", () => {
  it("gives the content words contentOf finds, and each clause the content of its own tokens", () => {
    const texts = ["seeds", "harbor-fire", "dairy-merger"].flatMap((n) =>
      analyze(loadStorySuite(n).articles).sentences.map((s) => s.text),
    );
    texts.push("The Russia–NATO talks, but not the 50-minute call.", "U.S. troops: 100,000 of them");
    for (const text of texts) {
      const f = featuresOf(text);
      expect(f.content).toEqual(contentOf(f.tokens));
      for (const c of f.clauses) {
        const own = c.tokens.filter((t) => !STOPWORDS.has(t.key) && !STOPWORDS.has(t.word) && !hasNumber(t.key));
        expect([...c.content]).toEqual([...new Set(own.map((t) => t.key))]);
      }
    }
    expect(texts.length).toBeGreaterThan(150);
  });
});
