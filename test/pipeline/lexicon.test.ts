import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allLowerCaseWords,
  isNumberWord,
  NUMBER_WORD,
  stem,
  STOPWORDS,
  tokenize,
  vocabularyOf,
} from "../../src/pipeline/lexicon.js";
import { loadStorySuite } from "../../evals/suite.js";

describe("vocabularyOf", () => {
  const texts = new Map(
    ["seeds", "harbor-fire", "dairy-merger"].flatMap((n) =>
      loadStorySuite(n).articles.map((a) => [a.id, a.text] as const),
    ),
  );
  texts.set("tricky", "well-known 3rd x3y iPhone U.S. u.s. l'état Co-operation -known 'quoted' über Über naïve");

  it("answers as the one-pass collection of lower-case words does, for every word of the texts", () => {
    const eager = allLowerCaseWords(texts);
    const lazy = vocabularyOf(texts);
    const asked = new Set<string>(eager);
    for (const text of texts.values()) for (const t of tokenize(text)) asked.add(t.raw.toLowerCase());
    for (const w of ["known", "rd", "y", "phone", "u", "état", "operation", "quoted", "ber", "xyz"]) asked.add(w);
    const differ = [...asked].filter((w) => lazy.has(w) !== eager.has(w));
    expect(differ).toEqual([]);
    expect(asked.size).toBeGreaterThan(1000);
  });
});

describe("isNumberWord", () => {
  it("answers as NUMBER_WORD does, for every word of the suites and tricky spellings", () => {
    const words = new Set([
      "Twenty-four",
      "one-sided",
      "fourteen",
      "Fourteen",
      "twenty-four-year",
      "tens",
      "Hundreds",
      "thousandth",
      "seventy five",
      "dozen",
      "dozens",
      "ninety-nine",
      "zero",
      "oneself",
      "twenty4",
      "ſix",
      "Ünited",
      "two-thirds",
      "One",
    ]);
    for (const n of ["seeds", "harbor-fire", "dairy-merger"]) {
      for (const a of loadStorySuite(n).articles) for (const t of tokenize(a.text)) words.add(t.raw);
    }
    const differ = [...words].filter((w) => isNumberWord(w) !== NUMBER_WORD.test(w));
    expect(differ).toEqual([]);
    expect([...words].filter(isNumberWord).length).toBeGreaterThan(10);
  });
});

describe("tokenize", () => {
  // An astral character sends the text to the regular expression; without one, the character scan finds the words.
  const byRegex = (text: string) => tokenize(`${text} \u{1F600}`).map((t) => [t.raw, t.start, t.end]);
  const byScan = (text: string) => tokenize(text).map((t) => [t.raw, t.start, t.end]);
  const PIECES = [
    ...["U.S.", "e.g.", "a.m.", "A.", "b.c", "Dec.", "Sept.", "Sep.", "Sept", "May.", "Nov", "decline", "Octo."],
    ...["it's", "Putin’s", "rock'n'roll", "50-minute", "Russia–NATO", "a-", "-b", "x--y", "Ünited", "½", "ǅ"],
    ...["é", "3", "3.5", "1,000", " ", ". ", ".", ",", "'", "’", "-", "–", "(", "“", "”", "\u00a0", "\n"],
  ];

  it("finds the same words by scan as by the regular expression, in the suites and in generated text", () => {
    for (const n of ["seeds", "harbor-fire", "dairy-merger"]) {
      for (const a of loadStorySuite(n).articles) expect(byScan(a.text)).toEqual(byRegex(a.text));
    }
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((p) => p.join(""));
    fc.assert(
      fc.property(text, (t) => {
        expect(byScan(t)).toEqual(byRegex(t));
      }),
      { seed: 8, numRuns: 20_000 },
    );
  });
});

describe("stem", () => {
  it("gives an irregular form the key of its base, so that the two meet", () => {
    const pairs = [
      ["made", "make"],
      ["took", "taking"],
      ["has", "have"],
      ["came", "come"],
      ["wrote", "writes"],
      ["lost", "lose"],
      ["told", "tell"],
    ];
    for (const [form, base] of pairs) expect(stem(form!), `${form} / ${base}`).toBe(stem(base!));
  });

  it("never keys a content word as a function word, though its stem is spelt like one", () => {
    for (const word of ["lost", "losing", "evening", "willing", "underlying", "theme", "owned"]) {
      expect(STOPWORDS.has(stem(word)), word).toBe(false);
    }
    expect(stem("losing")).toBe(stem("lost"));
    expect(stem("others")).toBe("other");
    expect(stem("los")).toBe("los");
  });
});
