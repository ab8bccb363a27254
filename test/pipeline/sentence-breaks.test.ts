import { readdirSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sentenceBreaks } from "../../src/pipeline/sentence-breaks.js";

const icu = new Intl.Segmenter("en", { granularity: "sentence" });
const icuBreaks = (text: string) => [...icu.segment(text)].map((s) => s.index + s.segment.length);

const root = fileURLToPath(new URL("../../", import.meta.url));
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(dir + f).isDirectory() ? filesUnder(`${dir}${f}/`) : [dir + f]));
const articles = [...filesUnder(`${root}seeds/`), ...filesUnder(`${root}evals/data/`)]
  .filter((f) => f.endsWith(".txt"))
  .map((f) => readFileSync(f, "utf8"));

// Pieces that exercise every rule: abbreviations, decimals, closing quotes, separators, dashes, Latin-1 letters.
const PIECES = [
  ...["the", "U.S.", "Mr.", "e.g.", "3.5", "Dec.", "He", "it", "A", "b", "Z", "5", "é", "É", "ß", "[x]", "%"],
  ...[" ", "  ", "\t", "\u00a0", ". ", "! ", "? ", ".", "...", ".\n", "\n\n", "\r\n", '." ', "”", "“", "’ "],
  ...["(", ") ", ", ", "; ", ": ", " – ", "—", "-", "«", "»", "'", '"'],
];

describe("sentenceBreaks", () => {
  it("finds ICU's sentence ends in every seed and eval article", () => {
    expect(articles.length).toBeGreaterThan(5);
    for (const text of articles) {
      const mine = sentenceBreaks(text);
      if (mine) expect(mine).toEqual(icuBreaks(text));
    }
  });

  it("scans most news text itself", () => {
    expect(articles.filter((t) => sentenceBreaks(t) !== undefined).length).toBeGreaterThan(articles.length / 2);
  });

  it("finds ICU's sentence ends in generated text of its alphabet", () => {
    const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((p) => p.join(""));
    fc.assert(
      fc.property(text, (t) => {
        expect(sentenceBreaks(t)).toEqual(icuBreaks(t));
      }),
      { seed: 29, numRuns: 20_000 },
    );
  });

  it("leaves a text with a character beyond its alphabet to ICU", () => {
    expect(sentenceBreaks("It rained\u2026 Then it stopped.")).toBeUndefined();
    expect(sentenceBreaks("Soft\u00adhyphen. Next.")).toBeUndefined();
  });
});
